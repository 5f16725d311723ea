package io.warden.actors.election;

/**
 * How long an election waits.
 *
 * @param finalizeWaitMs            how long a quorum's agreement must stand unchallenged before
 *                                  it is final (ZooKeeper: 200 ms); also the first resend interval
 * @param maxNotificationIntervalMs the bound of the doubling resend interval
 */
public record ElectionTiming(long finalizeWaitMs, long maxNotificationIntervalMs) {
    /** ZooKeeper's finalize wait; a resend bound of a few seconds so that failover stays quick. */
    public static final ElectionTiming DEFAULT = new ElectionTiming(200, 4_000);

    public ElectionTiming {
        if (finalizeWaitMs < 1 || maxNotificationIntervalMs < finalizeWaitMs) {
            throw new IllegalArgumentException("need 1 <= finalizeWaitMs <= maxNotificationIntervalMs: "
                    + finalizeWaitMs + ", " + maxNotificationIntervalMs);
        }
    }
}
