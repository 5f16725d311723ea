package io.warden.actors.endpoint;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-connection counters for the cons/stat four-letter words. Written by the connection's
 * session and by the commit stage (events), read by the admin words: atomics, no locks.
 */
public final class ConnectionStats {
    private final long establishedMs;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    /** Requests taken from this connection and not answered yet: ZooKeeper's outstanding requests. */
    private final AtomicLong queued = new AtomicLong();
    private volatile long sessionId;
    private volatile int sessionTimeoutMs;
    private volatile String lastOperation = "NA";
    private volatile long lastCxid = -1;
    private volatile long lastZxid = -1;
    private volatile long lastResponseMs;
    private volatile long lastLatencyMs;
    private final LatencyStats latency = new LatencyStats();

    ConnectionStats(long establishedMs) {
        this.establishedMs = establishedMs;
    }

    public void received() {
        received.incrementAndGet();
    }

    void sent() {
        sent.incrementAndGet();
    }

    /**
     * Requests taken and not yet answered changed by delta (cons' {@code queued}). Pings are not
     * counted: answered at once, as ZooKeeper counts only requests with a positive xid.
     */
    public void queuedChanged(long delta) {
        queued.addAndGet(delta);
    }

    /** Records a completed request: what it was, its ids, and how long it took. */
    public void completed(String operation, long cxid, long zxid, long nowMs, long latencyMs) {
        lastOperation = operation;
        lastCxid = cxid;
        lastZxid = zxid;
        lastResponseMs = nowMs;
        lastLatencyMs = latencyMs;
        latency.record(latencyMs);
    }

    public void session(long id, int timeoutMs) {
        sessionId = id;
        sessionTimeoutMs = timeoutMs;
    }

    public void reset() {
        received.set(0);
        sent.set(0);
        latency.reset();
        lastOperation = "NA";
        lastCxid = -1;
        lastZxid = -1;
        lastResponseMs = 0;
        lastLatencyMs = 0;
    }

    public long establishedMs() { return establishedMs; }
    public long receivedCount() { return received.get(); }
    public long sentCount() { return sent.get(); }
    public long queuedCount() { return queued.get(); }
    public long sessionId() { return sessionId; }
    public int sessionTimeoutMs() { return sessionTimeoutMs; }
    public String lastOperation() { return lastOperation; }
    public long lastCxid() { return lastCxid; }
    public long lastZxid() { return lastZxid; }
    public long lastResponseMs() { return lastResponseMs; }
    public long lastLatencyMs() { return lastLatencyMs; }
    public LatencyStats latency() { return latency; }
}
