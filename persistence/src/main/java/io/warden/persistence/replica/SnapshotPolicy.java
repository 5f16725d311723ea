package io.warden.persistence.replica;

/**
 * When the replica log snapshots and how many snapshots it keeps; ZooKeeper's {@code snapCount}
 * and {@code autopurge.snapRetainCount}.
 *
 * <p>Why a jitter: ZooKeeper snapshots at a random point between {@code snapCount/2+1} and
 * {@code snapCount} txns so that the peers of an ensemble do not all pause for a snapshot at the
 * same txn. Here the point is shifted by a fixed offset in {@code [0, snapCount/2)} chosen once by
 * the caller (the shell draws it at random; tests pass a fixed one), so this core stays pure and
 * replay stays deterministic: the first snapshot comes after {@code snapCount - jitter} committed
 * txns, each later one {@code snapCount} txns after the previous.
 *
 * @param snapCount        a snapshot is taken each time this many more txns have been committed
 *                         (ZooKeeper counts logged txns; committed ones are what a snapshot holds)
 * @param snapRetainCount  snapshots kept; the journal prefix older than the oldest kept one is
 *                         deleted. At least 3, as ZooKeeper requires.
 * @param jitter           the offset of the snapshot points, in {@code [0, max(1, snapCount/2))}
 */
public record SnapshotPolicy(int snapCount, int snapRetainCount, int jitter) {
    /** ZooKeeper's defaults, without jitter. */
    public static final SnapshotPolicy DEFAULT = new SnapshotPolicy(100_000, 3);

    public SnapshotPolicy {
        if (snapCount < 2) {
            throw new IllegalArgumentException("snapCount must be at least 2: " + snapCount);
        }
        if (snapRetainCount < 3) {
            throw new IllegalArgumentException("snapRetainCount must be at least 3: " + snapRetainCount);
        }
        if (jitter < 0 || jitter >= maxJitter(snapCount)) {
            throw new IllegalArgumentException("jitter must be in [0, " + maxJitter(snapCount) + "): " + jitter);
        }
    }

    /** No jitter: snapshots at every multiple of snapCount. */
    public SnapshotPolicy(int snapCount, int snapRetainCount) {
        this(snapCount, snapRetainCount, 0);
    }

    /** The exclusive bound of the jitter for this snapCount: ZooKeeper's {@code snapCount/2}. */
    public static int maxJitter(int snapCount) {
        return Math.max(1, snapCount / 2);
    }

    /** This policy with the given jitter; {@code draw} is any int (e.g. a random one), reduced into range. */
    public SnapshotPolicy withJitterFrom(int draw) {
        return new SnapshotPolicy(snapCount, snapRetainCount, Math.floorMod(draw, maxJitter(snapCount)));
    }

    /** True when going from {@code before} to {@code after} committed txns passes a snapshot point. */
    boolean crossesSnapshotPoint(long before, long after) {
        return (before + jitter) / snapCount != (after + jitter) / snapCount;
    }
}
