package io.warden.persistence.journal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link SegmentedLog} is laid out and how hard it tries to be durable.
 *
 * @param directory          where segment files live (ZooKeeper's {@code dataLogDir})
 * @param segmentSizeBytes   size every segment is preallocated to; a multiple of 4096, so
 *                           appends overwrite allocated zeros and an fdatasync never has to
 *                           commit file-size metadata
 * @param forceSync          false trades durability for speed like ZooKeeper's
 *                           {@code forceSync=no}: appends are acknowledged once written to
 *                           the OS, and an OS crash may lose them
 * @param maxBatchBytes      the writer stops gathering queued appends into one frame (one
 *                           fsync) past this size; a single larger append still goes alone
 * @param maxQueuedBytes     bound on the encoded size of appends waiting for the writer
 * @param maxQueuedRequests  bound on the number of requests waiting for the writer
 * @param enqueueTimeoutMs   how long an append waits for queue space before failing with
 *                           {@link LogOverloadedException}
 * @param channelFactory     opens the files; replaced by tests to inject disk faults
 */
public record LogConfig(
        Path directory,
        long segmentSizeBytes,
        boolean forceSync,
        int maxBatchBytes,
        long maxQueuedBytes,
        int maxQueuedRequests,
        long enqueueTimeoutMs,
        ChannelFactory channelFactory) {

    public static final long DEFAULT_SEGMENT_SIZE_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024;
    public static final long DEFAULT_MAX_QUEUED_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_QUEUED_REQUESTS = 65_536;
    public static final long DEFAULT_ENQUEUE_TIMEOUT_MS = 10_000;
    /** Smallest segment: big enough for the header and a few frames, small enough for tests. */
    public static final long MIN_SEGMENT_SIZE_BYTES = 4096;

    public LogConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(channelFactory, "channelFactory");
        if (segmentSizeBytes < MIN_SEGMENT_SIZE_BYTES || segmentSizeBytes % 4096 != 0
                || segmentSizeBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segmentSizeBytes must be a multiple of 4096 in ["
                    + MIN_SEGMENT_SIZE_BYTES + ", 2^31), was " + segmentSizeBytes);
        }
        if (maxBatchBytes < 1) {
            throw new IllegalArgumentException("maxBatchBytes must be positive, was " + maxBatchBytes);
        }
        if (maxQueuedBytes < 1 || maxQueuedRequests < 1) {
            throw new IllegalArgumentException("queue bounds must be positive, were "
                    + maxQueuedBytes + " bytes / " + maxQueuedRequests + " requests");
        }
        if (enqueueTimeoutMs < 0) {
            throw new IllegalArgumentException("enqueueTimeoutMs must be >= 0, was " + enqueueTimeoutMs);
        }
    }

    /** Defaults for production: 64 MiB segments, fsync on. */
    public static LogConfig defaults(Path directory) {
        return new LogConfig(directory, DEFAULT_SEGMENT_SIZE_BYTES, true, DEFAULT_MAX_BATCH_BYTES,
                DEFAULT_MAX_QUEUED_BYTES, DEFAULT_MAX_QUEUED_REQUESTS, DEFAULT_ENQUEUE_TIMEOUT_MS,
                ChannelFactory.DEFAULT);
    }

    public LogConfig withSegmentSizeBytes(long value) {
        return new LogConfig(directory, value, forceSync, maxBatchBytes, maxQueuedBytes,
                maxQueuedRequests, enqueueTimeoutMs, channelFactory);
    }

    public LogConfig withForceSync(boolean value) {
        return new LogConfig(directory, segmentSizeBytes, value, maxBatchBytes, maxQueuedBytes,
                maxQueuedRequests, enqueueTimeoutMs, channelFactory);
    }

    public LogConfig withMaxBatchBytes(int value) {
        return new LogConfig(directory, segmentSizeBytes, forceSync, value, maxQueuedBytes,
                maxQueuedRequests, enqueueTimeoutMs, channelFactory);
    }

    public LogConfig withQueueBounds(long bytes, int requests, long timeoutMs) {
        return new LogConfig(directory, segmentSizeBytes, forceSync, maxBatchBytes, bytes,
                requests, timeoutMs, channelFactory);
    }

    public LogConfig withChannelFactory(ChannelFactory value) {
        return new LogConfig(directory, segmentSizeBytes, forceSync, maxBatchBytes, maxQueuedBytes,
                maxQueuedRequests, enqueueTimeoutMs, value);
    }

    /** Largest frame a segment can hold: what is left after the segment header. */
    int maxFrameBytes() {
        return (int) segmentSizeBytes - LogFormat.SEGMENT_HEADER_SIZE;
    }
}
