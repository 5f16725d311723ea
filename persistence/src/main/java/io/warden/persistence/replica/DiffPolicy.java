package io.warden.persistence.replica;

import java.time.Duration;
import java.util.Objects;

/**
 * How much history the replica log keeps ready for ZAB's DIFF sync, with ZooKeeper's names and
 * defaults: the last {@code commitLogCount} committed txns in memory, and beyond them the txns
 * the journal still holds as long as their total size stays within
 * {@code snapshotSizeFactor} times the snapshot's size (past that, SNAP is cheaper).
 *
 * @param commitLogCount     committed txns kept in memory (ZooKeeper's {@code zookeeper.commitLogCount}, 500)
 * @param commitLogBytes     and at most about this many bytes of them (a few huge txns must not
 *                           pin hundreds of MiB; ZooKeeper bounds only the count)
 * @param snapshotSizeFactor a DIFF read from the journal may carry at most this factor times the
 *                           snapshot's size (ZooKeeper's {@code zookeeper.snapshotSizeFactor}, 0.33);
 *                           negative: never read the journal for a DIFF, as in ZooKeeper
 * @param maxIndexEntries    most entries in the index from zxids to journal sequence numbers; when
 *                           full, every other entry goes (a read then starts up to twice as early)
 * @param maxConcurrentReads journal reads in flight at once; more are answered "not available"
 * @param readTimeout        a journal read that has not finished by then is "not available"
 */
public record DiffPolicy(int commitLogCount, long commitLogBytes, double snapshotSizeFactor, int maxIndexEntries,
                         int maxConcurrentReads, Duration readTimeout) {
    public static final DiffPolicy DEFAULT = new DiffPolicy(500, 32L * 1024 * 1024, 0.33, 1 << 16, 4,
            Duration.ofSeconds(60));

    public DiffPolicy {
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (commitLogCount < 0 || commitLogBytes < 0 || maxIndexEntries < 2 || maxConcurrentReads < 1
                || readTimeout.isNegative() || readTimeout.isZero() || Double.isNaN(snapshotSizeFactor)) {
            throw new IllegalArgumentException("need commitLogCount >= 0, commitLogBytes >= 0, maxIndexEntries >= 2,"
                    + " maxConcurrentReads >= 1, a positive readTimeout and a snapshotSizeFactor: " + commitLogCount
                    + ", " + commitLogBytes + ", " + maxIndexEntries + ", " + maxConcurrentReads + ", " + readTimeout
                    + ", " + snapshotSizeFactor);
        }
    }

    public DiffPolicy withCommitLog(int count, long bytes) {
        return new DiffPolicy(count, bytes, snapshotSizeFactor, maxIndexEntries, maxConcurrentReads, readTimeout);
    }

    public DiffPolicy withSnapshotSizeFactor(double factor) {
        return new DiffPolicy(commitLogCount, commitLogBytes, factor, maxIndexEntries, maxConcurrentReads, readTimeout);
    }

    public DiffPolicy withIndex(int entries) {
        return new DiffPolicy(commitLogCount, commitLogBytes, snapshotSizeFactor, entries, maxConcurrentReads,
                readTimeout);
    }

    /** False when the factor is negative: only the memory window serves DIFFs. */
    public boolean readsJournal() {
        return snapshotSizeFactor >= 0;
    }

    /**
     * The most bytes of txns a DIFF read from the journal may carry, given the snapshot's size in
     * bytes; saturates instead of overflowing.
     */
    public long journalByteLimit(long snapshotSizeBytes) {
        double limit = snapshotSizeFactor * snapshotSizeBytes;
        return limit >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.max(0, limit);
    }
}
