package io.warden.actors.config;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * How the server serves clients on its client port.
 *
 * @param clientPortAddress             the address to bind; empty = every interface (the wildcard)
 * @param clientPort                    the client port; 0 = any free port (for tests and in-process
 *                                      ensembles; the server reports the port it bound)
 * @param maxClientCnxns                concurrent connections one client IP may hold; 0 = no limit
 * @param maxCnxns                      concurrent connections in total; 0 = no limit
 * @param minSessionTimeoutMs           the shortest session timeout a client may negotiate
 * @param maxSessionTimeoutMs           the longest session timeout a client may negotiate
 * @param globalOutstandingLimit        requests queued in the server before clients are throttled
 * @param juteMaxBufferBytes            the largest packet (and so znode data) accepted
 * @param listenBacklog                 the accept backlog of the client socket; -1 (unset) =
 *                                      {@link #UNSET_LISTEN_BACKLOG_BOUND}, not ZooKeeper's 50 (see there)
 * @param localSessionsEnabled          sessions that only the local server tracks
 * @param localSessionsUpgradingEnabled upgrade a local session to a global one when it needs it
 *                                      (e.g. to create an ephemeral node)
 */
public record ClientService(
        Optional<String> clientPortAddress,
        int clientPort,
        int maxClientCnxns,
        int maxCnxns,
        int minSessionTimeoutMs,
        int maxSessionTimeoutMs,
        int globalOutstandingLimit,
        int juteMaxBufferBytes,
        int listenBacklog,
        boolean localSessionsEnabled,
        boolean localSessionsUpgradingEnabled) {

    public static final int DEFAULT_CLIENT_PORT = 2181;
    public static final int DEFAULT_MAX_CLIENT_CNXNS = 60;
    public static final int DEFAULT_MAX_CNXNS = 0;
    /** Session timeouts default to these multiples of tickTime. */
    public static final int MIN_SESSION_TIMEOUT_TICKS = 2;
    public static final int MAX_SESSION_TIMEOUT_TICKS = 20;
    public static final int DEFAULT_GLOBAL_OUTSTANDING_LIMIT = 1000;
    /** 0xfffff: just under 1 MiB, ZooKeeper's jute.maxbuffer. */
    public static final int DEFAULT_JUTE_MAX_BUFFER_BYTES = 0xfffff;
    public static final int DEFAULT_LISTEN_BACKLOG = -1;
    /**
     * The backlog bound when clientPortListenBacklog is unset. ZooKeeper binds with the JVM's 50, and
     * its dedicated accept thread keeps that queue short; Warden accepts through Pekko's TCP
     * listener in batches, and with 50 a connect burst (a server's clients all reconnecting)
     * overflowed the queue: every overflow costs its client a 1 s SYN retransmit (measured: 17 of
     * 1,000 back-to-back connects, 17 s of 17.4). The kernel caps it at net.core.somaxconn.
     */
    public static final int UNSET_LISTEN_BACKLOG_BOUND = 1024;

    /** The backlog the client port is bound with. */
    public int boundListenBacklog() {
        return listenBacklog == DEFAULT_LISTEN_BACKLOG ? UNSET_LISTEN_BACKLOG_BOUND : listenBacklog;
    }
    /** The wildcard address ZooKeeper binds when no clientPortAddress is given. */
    public static final String WILDCARD_ADDRESS = "0.0.0.0";

    public ClientService {
        Checks.notNull("clientPortAddress", clientPortAddress);
        clientPortAddress.ifPresent(a -> Checks.notBlank("clientPortAddress", a));
        Checks.bindPort("clientPort", clientPort);
        Checks.atLeast("maxClientCnxns", maxClientCnxns, 0);
        Checks.atLeast("maxCnxns", maxCnxns, 0);
        Checks.atLeast("minSessionTimeoutMs", minSessionTimeoutMs, 1);
        Checks.atLeast("maxSessionTimeoutMs", maxSessionTimeoutMs, 1);
        if (minSessionTimeoutMs > maxSessionTimeoutMs) {
            throw new IllegalArgumentException("minSessionTimeoutMs (" + minSessionTimeoutMs
                    + ") must not be larger than maxSessionTimeoutMs (" + maxSessionTimeoutMs + ")");
        }
        Checks.atLeast("globalOutstandingLimit", globalOutstandingLimit, 1);
        Checks.atLeast("jute.maxbuffer (bytes)", juteMaxBufferBytes, 1);
        if (listenBacklog < 1 && listenBacklog != DEFAULT_LISTEN_BACKLOG) {
            throw new IllegalArgumentException("clientPortListenBacklog (" + listenBacklog
                    + ") must be positive, or -1 for the default");
        }
    }

    /** Client service on {@code clientPort} with ZooKeeper's defaults for the given tick. */
    public static ClientService defaults(int clientPort, int tickTimeMs) {
        return new ClientService(Optional.empty(), clientPort, DEFAULT_MAX_CLIENT_CNXNS, DEFAULT_MAX_CNXNS,
                MIN_SESSION_TIMEOUT_TICKS * tickTimeMs, MAX_SESSION_TIMEOUT_TICKS * tickTimeMs,
                DEFAULT_GLOBAL_OUTSTANDING_LIMIT, DEFAULT_JUTE_MAX_BUFFER_BYTES, DEFAULT_LISTEN_BACKLOG,
                false, false);
    }

    /** The host this server binds for clients: the configured address, else the wildcard. */
    public String bindHost() {
        return clientPortAddress.orElse(WILDCARD_ADDRESS);
    }

    /** The socket address to bind. Resolves {@code clientPortAddress} now, so call it when binding. */
    public InetSocketAddress bindAddress() {
        return clientPortAddress.map(a -> new InetSocketAddress(a, clientPort))
                .orElseGet(() -> new InetSocketAddress(clientPort));
    }

    /** A session timeout a client asked for, clamped into [min, max] as ZooKeeper negotiates it. */
    public int negotiateSessionTimeoutMs(int requestedMs) {
        return Math.max(minSessionTimeoutMs, Math.min(maxSessionTimeoutMs, requestedMs));
    }
}
