package io.warden.actors.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.warden.actors.config.ServerConfig;
import io.warden.actors.config.Storage;
import io.warden.actors.endpoint.ClientEndpoint;
import io.warden.actors.peer.PeerTransport;
import io.warden.actors.request.RequestProcessor;
import io.warden.actors.session.SessionSettings;
import io.warden.persistence.journal.JournalSettings;
import io.warden.persistence.prep.PrepSettings;
import io.warden.persistence.replica.DiffPolicy;
import io.warden.persistence.replica.LogContinuity;
import io.warden.persistence.replica.ReplicaLog;
import io.warden.persistence.replica.SnapshotPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Starts a Warden node from a {@link ServerConfig}: found by the launcher through
 * {@link java.util.ServiceLoader}, and used directly by tests.
 */
public final class WardenServer implements WardenNodeFactory {
    static final String JOURNAL_PLUGIN = "warden.persistence.journal";
    static final String SNAPSHOT_PLUGIN = "warden.persistence.snapshot-store";
    private static final int HANDSHAKE_TIMEOUT_MS = 10_000;
    private static final int MAX_QUEUED_FRAMES = 4096;
    private static final long MAX_QUEUED_BYTES = 16L << 20;

    @Override
    public Node start(ServerConfig config) {
        boolean standalone = config.isStandalone();
        byte[] secret;
        try {
            secret = standalone ? SessionSecret.loadOrCreate(config.dataDir()) : SessionSecret.forEnsemble();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the session secret in " + config.dataDir(), e);
        }
        Config pekko = standalone ? pekkoConfig(config)
                : PeerTransport.pekkoConfig(config.ensemble(), config.myid(), config.client().juteMaxBufferBytes())
                        .withFallback(pekkoConfig(config));
        checkLogContinuity(config, pekko);
        CompletableFuture<Void> failure = new CompletableFuture<>();
        NodeParts parts = parts(config, secret, failure);
        CompletableFuture<InetSocketAddress> started = new CompletableFuture<>();
        ActorSystem<?> system = standalone
                ? ActorSystem.create(Guardian.create(config, parts, started), PeerTransport.SYSTEM_NAME, pekko)
                : ActorSystem.create(EnsembleGuardian.create(config, parts, started), PeerTransport.SYSTEM_NAME, pekko);
        try {
            InetSocketAddress address = started.get(Math.max(60_000, config.timing().initLimitMs()), TimeUnit.MILLISECONDS);
            return new Node(system, address, standalone ? parts.mode() : "ensemble member " + config.myid(), failure);
        } catch (ExecutionException | TimeoutException e) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> null).join();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Warden could not start: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            system.terminate();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    /**
     * The replica log's id in the journal and the snapshot file names: the same for every node,
     * whatever its myid (see {@link ReplicaLog#PERSISTENCE_ID}), so the data in a dataDir is found
     * whichever server.N the node is configured as.
     */
    static String persistenceId(ServerConfig config) {
        return ReplicaLog.PERSISTENCE_ID;
    }

    /**
     * Before any actor runs: the journal must continue the snapshot recovery will load, or
     * acknowledged txns would silently vanish (see {@link LogContinuity}). Refused with one line
     * naming the files and zxids, unless the operator set ZooKeeper's snapshot.trust.empty.
     */
    private static void checkLogContinuity(ServerConfig config, Config pekko) {
        try {
            LogContinuity.verify(JournalSettings.fromConfig(pekko.getConfig(JOURNAL_PLUGIN)).log(),
                    Path.of(pekko.getString(SNAPSHOT_PLUGIN + ".directory")), persistenceId(config),
                    config.storage().trustLogBreak());
        } catch (IOException e) {
            throw new IllegalStateException("Warden could not start: " + e.getMessage(), e);
        }
    }

    static NodeParts parts(ServerConfig config, byte[] secret, CompletableFuture<Void> failure) {
        var client = config.client();
        SessionSettings sessions = new SessionSettings(config.tickTimeMs(), client.minSessionTimeoutMs(),
                client.maxSessionTimeoutMs(), Math.min(1000, client.globalOutstandingLimit()),
                client.globalOutstandingLimit(), config.security().superDigest().orElse(null),
                config.security().skipAcl(), HANDSHAKE_TIMEOUT_MS);
        ClientEndpoint.Settings endpoint = new ClientEndpoint.Settings(client.bindAddress(), client.juteMaxBufferBytes(),
                client.maxClientCnxns(), client.maxCnxns(), MAX_QUEUED_BYTES + client.juteMaxBufferBytes(), MAX_QUEUED_FRAMES,
                client.boundListenBacklog());
        PrepSettings prep = new PrepSettings(config.extendedTypesEnabled(), config.security().skipAcl(), Set.of("digest"),
                config.enforceQuota());
        ReplicaLog.Settings replica = new ReplicaLog.Settings(snapshotPolicy(config.storage()),
                ReplicaLog.Settings.DEFAULT.maxBatchTxns(), ReplicaLog.Settings.DEFAULT.maxQueuedTxns(),
                ReplicaLog.Settings.DEFAULT.maxQueuedCommands(), JOURNAL_PLUGIN, SNAPSHOT_PLUGIN)
                .withDiff(diffPolicy(config.storage()));
        Clock clock = Clock.systemUTC();
        return new NodeParts("standalone", replica, prep, sessions, endpoint,
                new RequestProcessor.Settings(Duration.ofMillis(config.timing().containerCheckIntervalMs()),
                        config.timing().containerMaxPerMinute(), RequestProcessor.Settings.inFlightFor(replica)),
                secret, clock,
                clock.millis(), failure);
    }

    /**
     * snapCount, snapSizeLimitInKb and autopurge with ZooKeeper's meaning. The shell draws both
     * jitters so that the log's core stays pure (see SnapshotPolicy); purgeInterval is in hours,
     * 0 = never purge.
     */
    static SnapshotPolicy snapshotPolicy(Storage storage) {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long sizeLimitBytes = storage.snapSizeLimitKb() <= 0 ? 0
                : storage.snapSizeLimitKb() > Long.MAX_VALUE / 1024 ? Long.MAX_VALUE : storage.snapSizeLimitKb() * 1024;
        return new SnapshotPolicy((int) Math.min(Integer.MAX_VALUE, storage.snapCount()), storage.snapRetainCount())
                .withJitterFrom(random.nextInt())
                .withSizeLimit(sizeLimitBytes, random.nextLong())
                .withPurgeInterval(Duration.ofHours(storage.purgeIntervalHours()));
    }

    /** ZooKeeper's commitLogCount and snapshotSizeFactor: what a learner's DIFF sync may draw on. */
    static DiffPolicy diffPolicy(Storage storage) {
        return DiffPolicy.DEFAULT.withCommitLog(storage.commitLogCount(), DiffPolicy.DEFAULT.commitLogBytes())
                .withSnapshotSizeFactor(storage.snapshotSizeFactor());
    }

    /**
     * Pekko's settings for one node: local only, our plugins on the configured directories.
     * System properties ({@code -Dpekko...}) still win, so an operator can tune a setting
     * (a dispatcher's size, say) without a rebuild.
     */
    static Config pekkoConfig(ServerConfig config) {
        Map<String, Object> node = new HashMap<>();
        node.put(JOURNAL_PLUGIN + ".directory", config.dataLogDir().resolve("log").toString());
        node.put(JOURNAL_PLUGIN + ".force-sync", config.storage().forceSync());
        // The replica log deletes events only below a retained snapshot, so a replay that would
        // start in the deleted prefix means a snapshot went missing: fail loudly, never skip.
        node.put(JOURNAL_PLUGIN + ".fail-replay-from-deleted", true);
        node.put(SNAPSHOT_PLUGIN + ".directory", config.dataDir().resolve("snapshots").toString());
        node.put("pekko.persistence.journal.plugin", JOURNAL_PLUGIN);
        node.put("pekko.persistence.snapshot-store.plugin", SNAPSHOT_PLUGIN);
        return ConfigFactory.defaultOverrides()
                .withFallback(ConfigFactory.parseMap(node))
                .withFallback(ConfigFactory.parseResources("warden-node.conf"))
                .withFallback(ConfigFactory.load());
    }

    /** A running node. */
    public static final class Node implements WardenNode {
        private final ActorSystem<?> system;
        private final InetSocketAddress clientAddress;
        private final String mode;
        private final CompletableFuture<Void> terminated = new CompletableFuture<>();

        Node(ActorSystem<?> system, InetSocketAddress clientAddress, String mode, CompletableFuture<Void> failure) {
            this.system = system;
            this.clientAddress = clientAddress;
            this.mode = mode;
            system.getWhenTerminated().whenComplete((done, error) -> {
                if (failure.isCompletedExceptionally()) {
                    failure.whenComplete((ok, cause) -> terminated.completeExceptionally(cause));
                } else if (error != null) {
                    terminated.completeExceptionally(error);
                } else {
                    terminated.complete(null);
                }
            });
        }

        /** Where the client port is bound (useful when the configuration asked for port 0). */
        public InetSocketAddress clientAddress() {
            return clientAddress;
        }

        @Override
        public CompletionStage<Void> whenTerminated() {
            return terminated;
        }

        @Override
        public void close() {
            system.terminate();
        }

        @Override
        public String mode() {
            return mode;
        }
    }
}
