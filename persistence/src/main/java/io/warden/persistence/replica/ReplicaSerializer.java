package io.warden.persistence.replica;

import org.apache.pekko.serialization.SerializerWithStringManifest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;

/**
 * Pekko serializer for {@link ReplicaEvent}s and {@link ReplicaSnapshot}s, bound in
 * reference.conf; the format is {@link ReplicaEventCodec}'s. Snapshots only come through here
 * when the snapshot store cannot stream them, since this needs the whole snapshot as one array.
 */
public final class ReplicaSerializer extends SerializerWithStringManifest {
    /** Pekko reserves 0..40; Warden's serializers use 7100..7199. */
    public static final int IDENTIFIER = 7101;

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        if (o instanceof ReplicaEvent event) {
            return ReplicaEventCodec.manifest(event);
        } else if (o instanceof ReplicaSnapshot) {
            return ReplicaEventCodec.SNAPSHOT;
        }
        throw new IllegalArgumentException("ReplicaSerializer cannot serialize " + o.getClass().getName());
    }

    @Override
    public byte[] toBinary(Object o) {
        if (o instanceof ReplicaEvent event) {
            return ReplicaEventCodec.encode(event);
        } else if (o instanceof ReplicaSnapshot snapshot) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
            try {
                ReplicaEventCodec.writeSnapshot(snapshot.state(), bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("writing to memory cannot fail", e);
            }
            return bytes.toByteArray();
        }
        throw new IllegalArgumentException("ReplicaSerializer cannot serialize " + o.getClass().getName());
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        if (ReplicaEventCodec.SNAPSHOT.equals(manifest)) {
            try {
                return new ReplicaSnapshot(ReplicaEventCodec.readSnapshot(new ByteArrayInputStream(bytes)));
            } catch (IOException e) {
                throw new ReplicaFormatException("corrupt replica snapshot: " + e.getMessage(), e);
            }
        }
        try {
            return ReplicaEventCodec.decode(manifest, bytes);
        } catch (ReplicaFormatException e) {
            if (e.getMessage().startsWith("unknown replica event manifest")) {
                NotSerializableException unknown = new NotSerializableException(e.getMessage());
                unknown.initCause(e);
                throw unknown;
            }
            throw e;
        }
    }
}
