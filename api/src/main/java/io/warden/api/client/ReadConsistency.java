package io.warden.api.client;

/** How fresh a read must be. */
public enum ReadConsistency {
    /**
     * Served by the server the client is on: sequentially consistent, sees the session's own
     * writes, may lag other sessions' writes (ZooKeeper's default).
     */
    LOCAL,
    /**
     * A sync then the read, pipelined: sees every write committed before the read was issued.
     */
    LINEARIZABLE
}
