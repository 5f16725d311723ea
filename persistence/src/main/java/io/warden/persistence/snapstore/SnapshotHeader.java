package io.warden.persistence.snapstore;

import java.util.Objects;

/**
 * What a snapshot file says about itself, ahead of the body.
 *
 * @param format       how the body is encoded
 * @param serializerId Pekko serializer identifier for {@link Format#SERIALIZED}, 0 otherwise
 * @param manifest     serializer manifest, or the codec manifest for {@link Format#STREAMED}
 */
public record SnapshotHeader(String persistenceId, long sequenceNr, long timestampMs, Format format,
                             int serializerId, String manifest) {

    /** Body encodings. */
    public enum Format {
        /** Bytes from a Pekko serializer. */
        SERIALIZED,
        /** Bytes a {@link StreamableSnapshot} wrote, read back by a {@link StreamableSnapshotCodec}. */
        STREAMED
    }

    public SnapshotHeader {
        Objects.requireNonNull(persistenceId, "persistenceId");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(manifest, "manifest");
        if (persistenceId.isEmpty()) {
            throw new IllegalArgumentException("persistenceId must not be empty");
        }
        if (sequenceNr < 0 || timestampMs < 0) {
            throw new IllegalArgumentException("sequenceNr and timestampMs must be >= 0, were "
                    + sequenceNr + " and " + timestampMs);
        }
    }
}
