package io.warden.actors.config;

/**
 * The tick and the limits measured in ticks.
 *
 * @param tickTimeMs                  the basic time unit: heartbeats, session expiry buckets
 * @param initLimit                   ticks a follower may take to connect to and sync with a leader
 * @param syncLimit                   ticks a follower may lag behind the leader before it is dropped
 * @param connectToLearnerMasterLimit ticks a follower may take to connect to the leader after an
 *                                    election (ZooKeeper defaults it to initLimit)
 * @param containerCheckIntervalMs    how often empty containers and expired TTL nodes are looked
 *                                    for and deleted (ZooKeeper's znode.container.checkIntervalMs)
 * @param containerMaxPerMinute       most such deletions a minute, evenly spread (ZooKeeper's
 *                                    znode.container.maxPerMinute)
 */
public record Timing(int tickTimeMs, int initLimit, int syncLimit, int connectToLearnerMasterLimit,
                     int containerCheckIntervalMs, int containerMaxPerMinute) {
    public static final int DEFAULT_TICK_TIME_MS = 2000;
    public static final int DEFAULT_INIT_LIMIT = 10;
    public static final int DEFAULT_SYNC_LIMIT = 5;
    public static final int DEFAULT_CONTAINER_CHECK_INTERVAL_MS = 60_000;
    public static final int DEFAULT_CONTAINER_MAX_PER_MINUTE = 10_000;

    public Timing {
        Checks.atLeast("tickTimeMs", tickTimeMs, 1);
        Checks.atLeast("initLimit", initLimit, 1);
        Checks.atLeast("syncLimit", syncLimit, 1);
        Checks.atLeast("connectToLearnerMasterLimit", connectToLearnerMasterLimit, 1);
        Checks.atLeast("znode.container.checkIntervalMs", containerCheckIntervalMs, 1);
        Checks.atLeast("znode.container.maxPerMinute", containerMaxPerMinute, 1);
    }

    public static Timing defaults() {
        return new Timing(DEFAULT_TICK_TIME_MS, DEFAULT_INIT_LIMIT, DEFAULT_SYNC_LIMIT, DEFAULT_INIT_LIMIT,
                DEFAULT_CONTAINER_CHECK_INTERVAL_MS, DEFAULT_CONTAINER_MAX_PER_MINUTE);
    }

    public long initLimitMs() {
        return (long) initLimit * tickTimeMs;
    }

    public long syncLimitMs() {
        return (long) syncLimit * tickTimeMs;
    }

    public long connectToLearnerMasterLimitMs() {
        return (long) connectToLearnerMasterLimit * tickTimeMs;
    }
}
