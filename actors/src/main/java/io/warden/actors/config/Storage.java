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
 */
public record Storage(
        Path dataDir,
        Path dataLogDir,
        long snapCount,
        long snapSizeLimitKb,
        boolean forceSync,
        int snapRetainCount,
        int purgeIntervalHours,
        boolean trustLogBreak) {

    public static final long DEFAULT_SNAP_COUNT = 100_000;
    /** 4 GiB, in KiB. */
    public static final long DEFAULT_SNAP_SIZE_LIMIT_KB = 4_194_304;
    public static final int MIN_SNAP_RETAIN_COUNT = 3;
    public static final int DEFAULT_SNAP_RETAIN_COUNT = 3;
    public static final int DEFAULT_PURGE_INTERVAL_HOURS = 0;
    /** ZooKeeper never snapshots more often than every second txn. */
    public static final long MIN_SNAP_COUNT = 2;

    public Storage {
        absolute("dataDir", dataDir);
        absolute("dataLogDir", dataLogDir);
        Checks.atLeast("snapCount", snapCount, MIN_SNAP_COUNT);
        Checks.atLeast("autopurge.snapRetainCount", snapRetainCount, MIN_SNAP_RETAIN_COUNT);
        Checks.atLeast("autopurge.purgeInterval (hours)", purgeIntervalHours, 0);
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
