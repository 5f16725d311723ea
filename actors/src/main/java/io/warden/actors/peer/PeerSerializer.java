package io.warden.actors.peer;

import io.warden.actors.election.Notification;
import io.warden.actors.election.NotificationCodec;
import io.warden.actors.zab.ZabPacket;
import io.warden.actors.zab.ZabPacketCodec;
import org.apache.pekko.serialization.SerializerWithStringManifest;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Pekko serializer for what peers send each other, bound in this module's reference.conf. The
 * manifest names the kind; the bytes carry their own version, so a peer of another version is
 * refused with a clear error instead of being misread. Grammar (big-endian):
 * <pre>
 * manifest "notify"        PeerMessage.Notify   notification (NotificationCodec)
 * manifest "zab"           PeerMessage.Zab      version:u8 (=1) from:i64 packet (ZabPacketCodec)
 * manifest "notification"  Notification         notification (NotificationCodec)
 * manifest "zab-packet"    ZabPacket            packet (ZabPacketCodec)
 * </pre>
 * An unknown manifest is a {@link NotSerializableException}; bytes that do not decode are an
 * {@link IllegalArgumentException} naming the manifest. Artery logs either and drops the
 * message, which ZAB tolerates like any lost message.
 */
public final class PeerSerializer extends SerializerWithStringManifest {
    /** Pekko reserves 0..40; Warden's serializers use 7100..7199. */
    public static final int IDENTIFIER = 7110;
    public static final int ZAB_ENVELOPE_VERSION = 1;
    static final String NOTIFY = "notify";
    static final String ZAB = "zab";
    static final String NOTIFICATION = "notification";
    static final String ZAB_PACKET = "zab-packet";

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        if (o instanceof PeerMessage.Notify) {
            return NOTIFY;
        } else if (o instanceof PeerMessage.Zab) {
            return ZAB;
        } else if (o instanceof Notification) {
            return NOTIFICATION;
        } else if (o instanceof ZabPacket) {
            return ZAB_PACKET;
        }
        throw new IllegalArgumentException("PeerSerializer cannot serialize " + o.getClass().getName());
    }

    @Override
    public byte[] toBinary(Object o) {
        if (o instanceof PeerMessage.Notify m) {
            return NotificationCodec.encode(m.notification());
        } else if (o instanceof PeerMessage.Zab m) {
            byte[] packet = ZabPacketCodec.encode(m.packet());
            return ByteBuffer.allocate(1 + 8 + packet.length).put((byte) ZAB_ENVELOPE_VERSION).putLong(m.from())
                    .put(packet).array();
        } else if (o instanceof Notification n) {
            return NotificationCodec.encode(n);
        } else if (o instanceof ZabPacket p) {
            return ZabPacketCodec.encode(p);
        }
        throw new IllegalArgumentException("PeerSerializer cannot serialize " + o.getClass().getName());
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        try {
            switch (manifest) {
                case NOTIFY:
                    return new PeerMessage.Notify(NotificationCodec.decode(bytes));
                case ZAB:
                    return zab(bytes);
                case NOTIFICATION:
                    return NotificationCodec.decode(bytes);
                case ZAB_PACKET:
                    return ZabPacketCodec.decode(bytes);
                default:
                    throw new NotSerializableException("unknown peer message manifest \"" + manifest
                            + "\": the sender runs another Warden version");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable peer message \"" + manifest + "\": " + e.getMessage(), e);
        }
    }

    private static PeerMessage.Zab zab(byte[] bytes) {
        if (bytes.length < 1 + 8) {
            throw new IllegalArgumentException("truncated ZAB envelope of " + bytes.length + " bytes");
        }
        int version = bytes[0] & 0xff;
        if (version != ZAB_ENVELOPE_VERSION) {
            throw new IllegalArgumentException("ZAB envelope version " + version + ", this peer speaks "
                    + ZAB_ENVELOPE_VERSION);
        }
        long from = ByteBuffer.wrap(bytes, 1, 8).getLong();
        return new PeerMessage.Zab(from, ZabPacketCodec.decode(Arrays.copyOfRange(bytes, 9, bytes.length)));
    }
}
