package io.warden.persistence.journal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What callers hand the writer thread. {@code encodedBytes} is the request's size inside a
 * frame body and {@code permits} what it holds of the queue's byte budget until written.
 */
sealed interface WriteRequest permits WriteRequest.Append, WriteRequest.DeleteTo, WriteRequest.Shutdown {

    int encodedBytes();

    int permits();

    /** Records appended atomically; the future gets the log index of the last one. */
    record Append(List<LogRecord> records, byte[][] pidUtf8, int encodedBytes, int permits,
                  CompletableFuture<Long> future) implements WriteRequest {
    }

    /** A deletion marker; the future gets the effective (clamped) deletion watermark. */
    record DeleteTo(String persistenceId, byte[] pidUtf8, long toSequenceNr, int permits,
                    CompletableFuture<Long> future) implements WriteRequest {
        @Override
        public int encodedBytes() {
            return LogFormat.deleteEntrySize(pidUtf8.length);
        }
    }

    /** Sent once by close(): everything queued before it is still written. */
    record Shutdown() implements WriteRequest {
        @Override
        public int encodedBytes() {
            return 0;
        }

        @Override
        public int permits() {
            return 0;
        }
    }
}
