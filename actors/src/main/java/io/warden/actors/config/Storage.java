package io.warden.actors.config;

import java.nio.file.Path;

/**
 * Where and how the server keeps its state on disk.
 *
 * @param dataDir            snapshots, the myid file and the pid file (absolute)
 * @param dataLogDir         the transaction log (absolute; the same as dataDir unless a dedicated
 *                           log device is configured)
 * @param snapCount          txns committed between snapshots; the first snapshot point is drawn
 *                           at random in [snapCount/2+1, snapCount] (as ZooKeeper does, so peers
 *                           do not snapshot together), the later ones follow every snapCount txns
 * @param snapSizeLimitKb    a snapshot is also taken once this many KiB of txns were logged since
 *                           the last one (the first time at a random point from half of it on, as
 *                           ZooKeeper does); 0 or less = no size trigger
 * @param forceSync          fsync the log before acknowledging; false is unsafe (ZooKeeper's
 *                           {@code forceSync=no})
 * @param snapRetainCount    autopurge keeps this many newest snapshots (and the log after the
 *                           oldest of them); at least 3
 * @param purgeIntervalHours hours between autopurge runs; 0 = autopurge off: nothing is ever
 *                           deleted (ZooKeeper's default)
 * @param trustLogBreak      ZooKeeper's {@code snapshot.trust.empty}: start even when the log does
 *                           not continue the newest snapshot (segments or dataLogDir lost), from
 *                           the snapshot and what continues it, with a WARN; false refuses to start
 * @param commitLogCount     ZooKeeper's {@code zookeeper.commitLogCount}: committed txns the log
 *                           keeps in memory for a learner's DIFF sync
 * @param snapshotSizeFactor ZooKeeper's {@code zookeeper.snapshotSizeFactor}: a DIFF read from the
 *                           log may carry at most this factor times the snapshot's size, beyond
 *                           the commitLogCount in memory; negative = never read the log (SNAP)
 */
public record Storage(
        Path dataDir,
        Path dataLogDir,
        long snapCount,
        long snapSizeLimitKb,
        boolean forceSync,
        int snapRetainCount,
        int purgeIntervalHours,
        boolean trustLogBreak,
        int commitLogCount,
        double snapshotSizeFactor) {

    public static final long DEFAULT_SNAP_COUNT = 100_000;
    /** 4 GiB, in KiB. */
    public static final long DEFAULT_SNAP_SIZE_LIMIT_KB = 4_194_304;
    public static final int MIN_SNAP_RETAIN_COUNT = 3;
    public static final int DEFAULT_SNAP_RETAIN_COUNT = 3;
    public static final int DEFAULT_PURGE_INTERVAL_HOURS = 0;
    /** ZooKeeper never snapshots more often than every second txn. */
    public static final long MIN_SNAP_COUNT = 2;
    /** ZooKeeper's default and also its minimum: it raises a smaller commitLogCount to this. */
    public static final int DEFAULT_COMMIT_LOG_COUNT = 500;
    public static final double DEFAULT_SNAPSHOT_SIZE_FACTOR = 0.33;
    /** ZooKeeper replaces a factor above 1 with its default: reading more than a snapshot is never cheaper. */
    public static final double MAX_SNAPSHOT_SIZE_FACTOR = 1.0;

    public Storage {
        absolute("dataDir", dataDir);
        absolute("dataLogDir", dataLogDir);
        Checks.atLeast("snapCount", snapCount, MIN_SNAP_COUNT);
        Checks.atLeast("autopurge.snapRetainCount", snapRetainCount, MIN_SNAP_RETAIN_COUNT);
        Checks.atLeast("autopurge.purgeInterval (hours)", purgeIntervalHours, 0);
        Checks.atLeast("commitLogCount", commitLogCount, 0);
        if (!(snapshotSizeFactor <= MAX_SNAPSHOT_SIZE_FACTOR)) {
            throw new IllegalArgumentException("snapshotSizeFactor (" + snapshotSizeFactor + ") must be at most "
                    + MAX_SNAPSHOT_SIZE_FACTOR);
        }
    }

    /** Storage with ZooKeeper's default DIFF settings (commitLogCount 500, snapshotSizeFactor 0.33). */
    public Storage(Path dataDir, Path dataLogDir, long snapCount, long snapSizeLimitKb, boolean forceSync,
                   int snapRetainCount, int purgeIntervalHours, boolean trustLogBreak) {
        this(dataDir, dataLogDir, snapCount, snapSizeLimitKb, forceSync, snapRetainCount, purgeIntervalHours,
                trustLogBreak, DEFAULT_COMMIT_LOG_COUNT, DEFAULT_SNAPSHOT_SIZE_FACTOR);
    }

    /** Storage in {@code dataDir} with every other setting at ZooKeeper's default. */
    public static Storage defaults(Path dataDir) {
        return new Storage(dataDir, dataDir, DEFAULT_SNAP_COUNT, DEFAULT_SNAP_SIZE_LIMIT_KB, true,
                DEFAULT_SNAP_RETAIN_COUNT, DEFAULT_PURGE_INTERVAL_HOURS, false);
    }

    public boolean autopurgeEnabled() {
        return purgeIntervalHours > 0;
    }

    public boolean separateLogDir() {
        return !dataDir.equals(dataLogDir);
    }

    private static void absolute(String name, Path path) {
        Checks.notNull(name, path);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(name + " (" + path + ") must be an absolute path");
        }
    }
}
