package io.warden.persistence.journal;

/**
 * Counters since the log was opened, for tests, benchmarks and monitoring.
 *
 * @param appendRequests   append calls written (each may hold several records)
 * @param recordsAppended  records written
 * @param framesWritten    frames written: one per group-commit batch
 * @param fsyncs           FileChannel.force calls on segments (0 with forceSync off, except rollovers)
 * @param bytesWritten     frame bytes written, padding included
 * @param segmentsCreated  segments started since open
 * @param segmentsDeleted  segments removed by retention since open
 * @param queuedRequests   requests waiting for the writer right now
 */
public record LogStats(long appendRequests, long recordsAppended, long framesWritten, long fsyncs,
                       long bytesWritten, long segmentsCreated, long segmentsDeleted, int queuedRequests) {
}
