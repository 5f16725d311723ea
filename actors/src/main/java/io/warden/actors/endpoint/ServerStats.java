package io.warden.actors.endpoint;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Server-wide counters for srvr/stat/mntr and the global outstanding limit. Lock-free. */
public final class ServerStats {
    private final AtomicLong packetsReceived = new AtomicLong();
    private final AtomicLong packetsSent = new AtomicLong();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final LatencyStats latency = new LatencyStats();

    public void packetReceived() {
        packetsReceived.incrementAndGet();
    }

    public void packetSent() {
        packetsSent.incrementAndGet();
    }

    public void outstandingChanged(int delta) {
        outstanding.addAndGet(delta);
    }

    public long packetsReceived() { return packetsReceived.get(); }
    public long packetsSent() { return packetsSent.get(); }
    public int outstanding() { return outstanding.get(); }
    public LatencyStats latency() { return latency; }

    /** srst: counters back to zero (the outstanding count is live state, not a statistic). */
    public void reset() {
        packetsReceived.set(0);
        packetsSent.set(0);
        latency.reset();
    }
}
