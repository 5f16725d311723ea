package io.warden.actors.endpoint;

import java.util.concurrent.atomic.AtomicLong;

/** min/avg/max request latency in ms, as srvr/stat/cons/mntr print it. Lock-free; resettable. */
public final class LatencyStats {
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong min = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong max = new AtomicLong();

    public void record(long latencyMs) {
        count.incrementAndGet();
        total.addAndGet(latencyMs);
        min.accumulateAndGet(latencyMs, Math::min);
        max.accumulateAndGet(latencyMs, Math::max);
    }

    public void reset() {
        count.set(0);
        total.set(0);
        min.set(Long.MAX_VALUE);
        max.set(0);
    }

    public long count() { return count.get(); }
    public long min() { return count.get() == 0 ? 0 : min.get(); }
    public long max() { return max.get(); }
    public double avg() {
        long n = count.get();
        return n == 0 ? 0.0 : (double) total.get() / n;
    }
}
