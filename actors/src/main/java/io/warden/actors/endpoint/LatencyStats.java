package io.warden.actors.endpoint;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * min/avg/max request latency in ms, as srvr/stat/cons/mntr print it. Lock-free; resettable.
 * Volatile fields with updaters rather than AtomicLongs: every connection has one (issue 12).
 */
public final class LatencyStats {
    private static final AtomicLongFieldUpdater<LatencyStats> COUNT =
            AtomicLongFieldUpdater.newUpdater(LatencyStats.class, "count");
    private static final AtomicLongFieldUpdater<LatencyStats> TOTAL =
            AtomicLongFieldUpdater.newUpdater(LatencyStats.class, "total");
    private static final AtomicLongFieldUpdater<LatencyStats> MIN =
            AtomicLongFieldUpdater.newUpdater(LatencyStats.class, "min");
    private static final AtomicLongFieldUpdater<LatencyStats> MAX =
            AtomicLongFieldUpdater.newUpdater(LatencyStats.class, "max");

    private volatile long count;
    private volatile long total;
    private volatile long min = Long.MAX_VALUE;
    private volatile long max;

    public void record(long latencyMs) {
        COUNT.incrementAndGet(this);
        TOTAL.addAndGet(this, latencyMs);
        MIN.accumulateAndGet(this, latencyMs, Math::min);
        MAX.accumulateAndGet(this, latencyMs, Math::max);
    }

    public void reset() {
        count = 0;
        total = 0;
        min = Long.MAX_VALUE;
        max = 0;
    }

    public long count() { return count; }
    public long min() { return count == 0 ? 0 : min; }
    public long max() { return max; }
    public double avg() {
        long n = count;
        return n == 0 ? 0.0 : (double) total / n;
    }
}
