package io.warden.persistence.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record of one persistent entity: what callers append and what replay hands back. The
 * log treats {@code data} as opaque bytes.
 *
 * @param persistenceId the entity; at most {@value #MAX_PERSISTENCE_ID_BYTES} bytes of UTF-8
 * @param sequenceNr    the entity's sequence number; at least 1 and strictly increasing per
 *                      entity across appends
 * @param data          the payload, owned by the record once constructed (not copied)
 */
public record LogRecord(String persistenceId, long sequenceNr, byte[] data) {

    public static final int MAX_PERSISTENCE_ID_BYTES = 0xFFFF;

    public LogRecord {
        checkPersistenceId(persistenceId);
        if (sequenceNr < 1) {
            throw new IllegalArgumentException("sequenceNr must be >= 1, was " + sequenceNr
                    + " for " + persistenceId);
        }
        Objects.requireNonNull(data, "data");
    }

    static byte[] checkPersistenceId(String persistenceId) {
        Objects.requireNonNull(persistenceId, "persistenceId");
        if (persistenceId.isEmpty()) {
            throw new IllegalArgumentException("persistenceId must not be empty");
        }
        byte[] utf8 = persistenceId.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_PERSISTENCE_ID_BYTES) {
            throw new IllegalArgumentException("persistenceId is " + utf8.length
                    + " bytes of UTF-8, the limit is " + MAX_PERSISTENCE_ID_BYTES);
        }
        return utf8;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord r && r.sequenceNr == sequenceNr
                && r.persistenceId.equals(persistenceId) && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(persistenceId, sequenceNr) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "LogRecord[" + persistenceId + "#" + sequenceNr + ", " + data.length + " bytes]";
    }
}
