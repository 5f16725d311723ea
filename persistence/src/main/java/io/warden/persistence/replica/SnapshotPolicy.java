package io.warden.persistence.replica;

import java.time.Duration;
import java.util.Objects;

/**
 * When the replica log snapshots, how many snapshots it keeps and how often it purges what they
 * make redundant; ZooKeeper's {@code snapCount}, {@code snapSizeLimitInKb},
 * {@code autopurge.snapRetainCount} and {@code autopurge.purgeInterval}.
 *
 * <p>Two triggers, as in ZooKeeper's SyncRequestProcessor, whichever comes first: a snapshot point
 * is reached when {@code snapCount} txns, or {@code snapSizeLimitBytes} bytes of txns, have been
 * committed since the previous point (either kind). The byte count is the size the log writes for
 * each txn, about (see {@link ReplicaState}); a limit of 0 or less disables the size trigger.
 *
 * <p>Why a jitter: ZooKeeper snapshots at a random point between half and all of each limit so
 * that the peers of an ensemble do not all pause for a snapshot at the same txn. Here each first
 * interval is shortened by a fixed offset chosen once by the caller (the shell draws it at random;
 * tests pass a fixed one), so this core stays pure and replay stays deterministic: the first count
 * point comes after {@code snapCount - jitter} committed txns (later ones every {@code snapCount}
 * txns, on the same grid unless a size point came between), the first size point after
 * {@code snapSizeLimitBytes - sizeJitterBytes} bytes (later ones after the full limit).
 *
 * @param snapCount          a snapshot point every this many committed txns
 *                           (ZooKeeper counts logged txns; committed ones are what a snapshot holds)
 * @param snapRetainCount    snapshots a purge keeps; the journal before the oldest kept one is
 *                           deleted with the snapshots older than it. At least 3, as ZooKeeper requires.
 * @param jitter             the count offset, in {@code [0, max(1, snapCount/2))}
 * @param snapSizeLimitBytes a snapshot point every this many bytes of committed txns; 0 or less: off
 * @param sizeJitterBytes    the size offset, in {@code [0, max(1, snapSizeLimitBytes/2))}; 0 when off
 * @param purgeInterval      time between purges; zero: never purge (ZooKeeper's
 *                           {@code autopurge.purgeInterval=0}, the default), every snapshot is kept
 */
public record SnapshotPolicy(int snapCount, int snapRetainCount, int jitter, long snapSizeLimitBytes,
                             long sizeJitterBytes, Duration purgeInterval) {
    /** ZooKeeper's snapSizeLimitInKb default, 4,194,304 KiB (4 GiB), in bytes. */
    public static final long DEFAULT_SNAP_SIZE_LIMIT_BYTES = 4_194_304L * 1024;

    /** ZooKeeper's defaults, without jitter: no purge. */
    public static final SnapshotPolicy DEFAULT = new SnapshotPolicy(100_000, 3);

    public SnapshotPolicy {
        Objects.requireNonNull(purgeInterval, "purgeInterval");
        if (snapCount < 2) {
            throw new IllegalArgumentException("snapCount must be at least 2: " + snapCount);
        }
        if (snapRetainCount < 3) {
            throw new IllegalArgumentException("snapRetainCount must be at least 3: " + snapRetainCount);
        }
        if (jitter < 0 || jitter >= maxJitter(snapCount)) {
            throw new IllegalArgumentException("jitter must be in [0, " + maxJitter(snapCount) + "): " + jitter);
        }
        if (snapSizeLimitBytes <= 0 ? sizeJitterBytes != 0
                : sizeJitterBytes < 0 || sizeJitterBytes >= maxSizeJitter(snapSizeLimitBytes)) {
            throw new IllegalArgumentException("sizeJitterBytes must be in [0, " + maxSizeJitter(snapSizeLimitBytes)
                    + ") with a size limit, 0 without: " + sizeJitterBytes);
        }
        if (purgeInterval.isNegative()) {
            throw new IllegalArgumentException("purgeInterval must not be negative: " + purgeInterval);
        }
    }

    /** No jitter, ZooKeeper's default size limit, no purge. */
    public SnapshotPolicy(int snapCount, int snapRetainCount) {
        this(snapCount, snapRetainCount, 0);
    }

    /** ZooKeeper's default size limit without its jitter, no purge. */
    public SnapshotPolicy(int snapCount, int snapRetainCount, int jitter) {
        this(snapCount, snapRetainCount, jitter, DEFAULT_SNAP_SIZE_LIMIT_BYTES, 0, Duration.ZERO);
    }

    /** The exclusive bound of the jitter for this snapCount: ZooKeeper's {@code snapCount/2}. */
    public static int maxJitter(int snapCount) {
        return Math.max(1, snapCount / 2);
    }

    /** The exclusive bound of the size jitter: ZooKeeper's {@code snapSizeInBytes/2}. */
    public static long maxSizeJitter(long snapSizeLimitBytes) {
        return Math.max(1, snapSizeLimitBytes / 2);
    }

    /** This policy with the given count jitter; {@code draw} is any int (e.g. a random one), reduced into range. */
    public SnapshotPolicy withJitterFrom(int draw) {
        return new SnapshotPolicy(snapCount, snapRetainCount, Math.floorMod(draw, maxJitter(snapCount)),
                snapSizeLimitBytes, sizeJitterBytes, purgeInterval);
    }

    /**
     * This policy with a size trigger every {@code limitBytes} (0 or less: none), its first interval
     * shortened by {@code draw} (any long, e.g. a random one) reduced into range.
     */
    public SnapshotPolicy withSizeLimit(long limitBytes, long draw) {
        long sizeJitter = limitBytes <= 0 ? 0 : Math.floorMod(draw, maxSizeJitter(limitBytes));
        return new SnapshotPolicy(snapCount, snapRetainCount, jitter, limitBytes, sizeJitter, purgeInterval);
    }

    /** This policy purging every {@code interval}; zero: never. */
    public SnapshotPolicy withPurgeInterval(Duration interval) {
        return new SnapshotPolicy(snapCount, snapRetainCount, jitter, snapSizeLimitBytes, sizeJitterBytes, interval);
    }

    /** True when automatic purging is on. */
    public boolean purges() {
        return !purgeInterval.isZero();
    }

    /** The count point after one reached at {@code count}: the next on the jittered grid above it. */
    long nextGridPoint(long count) {
        return ((count + jitter) / snapCount + 1) * snapCount - jitter;
    }

    /** True when {@code bytes} committed since the last point reach the size trigger; first: no point yet. */
    boolean sizeReached(long bytes, boolean first) {
        return snapSizeLimitBytes > 0 && bytes >= snapSizeLimitBytes - (first ? sizeJitterBytes : 0);
    }
}
