package io.warden.actors.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything one Warden server needs to run, typed and validated: what ZooKeeper reads from
 * {@code zoo.cfg}, the {@code myid} file and its {@code zookeeper.*} system properties.
 *
 * <p>Build one with {@link #builder(Path)} (ZooKeeper's defaults, derived ones included) or
 * through {@code io.warden.ops.config.ZooCfgParser}. Invariants that span several parts are
 * checked here; each part checks its own.
 *
 * @param myid                 this server's id: the {@code myid} file; 0 for a standalone server
 *                             configured without {@code server.N} lines
 * @param timing               tickTime and the limits counted in ticks
 * @param storage              dataDir, dataLogDir, snapshots, fsync, autopurge
 * @param client               the client port and the limits on client connections and sessions
 * @param ensemble             the {@code server.N} lines and the quorum switches
 * @param admin                the HTTP admin server
 * @param security             skipACL and the super digest
 * @param fourLetterWords      the enabled four-letter words
 * @param extendedTypesEnabled TTL nodes (ZooKeeper's {@code zookeeper.extendedTypesEnabled}); Warden
 *                             turns them on by default. They encode the server id in session ids,
 *                             so every server id must then be at most {@value #MAX_EXTENDED_TYPES_SID}
 * @param enforceQuota         ZooKeeper's {@code zookeeper.enforceQuota}: writes past a hard quota
 *                             fail with QuotaExceeded; off by default, as in ZooKeeper
 */
public record ServerConfig(
        long myid,
        Timing timing,
        Storage storage,
        ClientService client,
        Ensemble ensemble,
        AdminServer admin,
        Security security,
        FourLetterWords fourLetterWords,
        boolean extendedTypesEnabled,
        boolean enforceQuota) {

    public static final boolean DEFAULT_EXTENDED_TYPES_ENABLED = true;
    /** ZooKeeper's default: quotas are counted, not enforced. */
    public static final boolean DEFAULT_ENFORCE_QUOTA = false;
    /** The largest server id usable with extended types (ZooKeeper's limit). */
    public static final long MAX_EXTENDED_TYPES_SID = 254;

    public ServerConfig {
        Checks.atLeast("myid", myid, 0);
        Checks.notNull("timing", timing);
        Checks.notNull("storage", storage);
        Checks.notNull("client", client);
        Checks.notNull("ensemble", ensemble);
        Checks.notNull("admin", admin);
        Checks.notNull("security", security);
        Checks.notNull("fourLetterWords", fourLetterWords);
        checkMembership(myid, ensemble);
        checkSelfClientAddress(myid, ensemble, client);
        checkPortsDistinct(myid, ensemble, client, admin);
        if (extendedTypesEnabled) {
            checkExtendedTypesSids(myid, ensemble);
        }
    }

    /** A builder holding ZooKeeper's defaults (and Warden's TTL default) for a server keeping state in dataDir. */
    public static ServerConfigBuilder builder(Path dataDir) {
        return new ServerConfigBuilder(dataDir);
    }

    /** True when this server runs alone, without the quorum protocol (see {@link Ensemble#isStandalone()}). */
    public boolean isStandalone() {
        return ensemble.isStandalone();
    }

    /** This server's own {@code server.N} line, if there are any. */
    public Optional<QuorumServer> self() {
        return ensemble.server(myid);
    }

    /** True when this server is a non-voting observer (ZooKeeper's peerType=observer). */
    public boolean isObserver() {
        return self().map(QuorumServer::observer).orElse(false);
    }

    public int tickTimeMs() {
        return timing.tickTimeMs();
    }

    public Path dataDir() {
        return storage.dataDir();
    }

    public Path dataLogDir() {
        return storage.dataLogDir();
    }

    public int clientPort() {
        return client.clientPort();
    }

    private static void checkMembership(long myid, Ensemble ensemble) {
        if (!ensemble.servers().isEmpty() && ensemble.server(myid).isEmpty()) {
            throw new IllegalArgumentException("myid " + myid + " matches no server.N line (server ids: "
                    + ensemble.servers().stream().map(s -> String.valueOf(s.sid())).toList() + ")");
        }
    }

    /** A client address on this server's own line must be the one it binds. */
    private static void checkSelfClientAddress(long myid, Ensemble ensemble, ClientService client) {
        ensemble.server(myid).flatMap(QuorumServer::clientAddress).ifPresent(line -> {
            if (line.port() != client.clientPort() || !line.host().equals(client.bindHost())) {
                throw new IllegalArgumentException("server." + myid + " gives client address " + line
                        + " but clientPortAddress/clientPort say " + client.bindHost() + ":" + client.clientPort());
            }
        });
    }

    private static void checkPortsDistinct(long myid, Ensemble ensemble, ClientService client, AdminServer admin) {
        int clientPort = client.clientPort();
        if (clientPort == 0) {
            return;
        }
        ensemble.server(myid).ifPresent(self -> {
            if (clientPort == self.quorumPort() || clientPort == self.electionPort()) {
                throw new IllegalArgumentException("clientPort (" + clientPort + ") must differ from the quorum"
                        + " and election ports of server." + myid);
            }
        });
        if (admin.enabled() && admin.serverPort() == clientPort) {
            throw new IllegalArgumentException("admin.serverPort (" + admin.serverPort()
                    + ") must differ from clientPort");
        }
    }

    private static void checkExtendedTypesSids(long myid, Ensemble ensemble) {
        if (myid > MAX_EXTENDED_TYPES_SID) {
            throw new IllegalArgumentException("myid (" + myid + ") must be at most " + MAX_EXTENDED_TYPES_SID
                    + " while extendedTypesEnabled (TTL nodes) is on");
        }
        ensemble.servers().stream().filter(s -> s.sid() > MAX_EXTENDED_TYPES_SID).findFirst().ifPresent(s -> {
            throw new IllegalArgumentException("server." + s.sid() + ": server ids must be at most "
                    + MAX_EXTENDED_TYPES_SID + " while extendedTypesEnabled (TTL nodes) is on");
        });
    }
}
