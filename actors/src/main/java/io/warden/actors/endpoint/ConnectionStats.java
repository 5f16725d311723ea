package io.warden.actors.endpoint;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * Per-connection counters for the cons/stat four-letter words. Written by the connection's
 * session and by the commit stage (events), read by the admin words: atomics, no locks
 * (field updaters, not AtomicLong objects: every connection has these).
 */
public final class ConnectionStats {
    private final long establishedMs;
    private static final AtomicLongFieldUpdater<ConnectionStats> RECEIVED =
            AtomicLongFieldUpdater.newUpdater(ConnectionStats.class, "received");
    private static final AtomicLongFieldUpdater<ConnectionStats> SENT =
            AtomicLongFieldUpdater.newUpdater(ConnectionStats.class, "sent");
    private static final AtomicLongFieldUpdater<ConnectionStats> QUEUED =
            AtomicLongFieldUpdater.newUpdater(ConnectionStats.class, "queued");

    private volatile long received;
    private volatile long sent;
    /** Requests taken from this connection and not answered yet: ZooKeeper's outstanding requests. */
    private volatile long queued;
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
        RECEIVED.incrementAndGet(this);
    }

    void sent() {
        SENT.incrementAndGet(this);
    }

    /**
     * Requests taken and not yet answered changed by delta (cons' {@code queued}). Pings are not
     * counted: answered at once, as ZooKeeper counts only requests with a positive xid.
     */
    public void queuedChanged(long delta) {
        QUEUED.addAndGet(this, delta);
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
        received = 0;
        sent = 0;
        latency.reset();
        lastOperation = "NA";
        lastCxid = -1;
        lastZxid = -1;
        lastResponseMs = 0;
        lastLatencyMs = 0;
    }

    public long establishedMs() { return establishedMs; }
    public long receivedCount() { return received; }
    public long sentCount() { return sent; }
    public long queuedCount() { return queued; }
    public long sessionId() { return sessionId; }
    public int sessionTimeoutMs() { return sessionTimeoutMs; }
    public String lastOperation() { return lastOperation; }
    public long lastCxid() { return lastCxid; }
    public long lastZxid() { return lastZxid; }
    public long lastResponseMs() { return lastResponseMs; }
    public long lastLatencyMs() { return lastLatencyMs; }
    public LatencyStats latency() { return latency; }
}
