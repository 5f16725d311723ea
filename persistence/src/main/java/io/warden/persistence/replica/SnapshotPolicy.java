package io.warden.persistence.replica;

/**
 * When the replica log snapshots and how many snapshots it keeps; ZooKeeper's {@code snapCount}
 * and {@code autopurge.snapRetainCount}.
 *
 * @param snapCount        a snapshot is taken each time this many more txns have been committed
 *                         (ZooKeeper counts logged txns; committed ones are what a snapshot holds)
 * @param snapRetainCount  snapshots kept; the journal prefix older than the oldest kept one is
 *                         deleted. At least 3, as ZooKeeper requires.
 */
public record SnapshotPolicy(int snapCount, int snapRetainCount) {
    /** ZooKeeper's defaults. */
    public static final SnapshotPolicy DEFAULT = new SnapshotPolicy(100_000, 3);

    public SnapshotPolicy {
        if (snapCount < 2) {
            throw new IllegalArgumentException("snapCount must be at least 2: " + snapCount);
        }
        if (snapRetainCount < 3) {
            throw new IllegalArgumentException("snapRetainCount must be at least 3: " + snapRetainCount);
        }
    }

    /** True when going from {@code before} to {@code after} committed txns passes a snapshot point. */
    boolean crossesSnapshotPoint(long before, long after) {
        return before / snapCount != after / snapCount;
    }
}
