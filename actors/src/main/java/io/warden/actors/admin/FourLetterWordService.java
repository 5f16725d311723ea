package io.warden.actors.admin;

import io.warden.actors.commit.ClientChannel;
import io.warden.actors.commit.CommitStage;
import io.warden.actors.commit.ReadView;
import io.warden.actors.config.ServerConfig;
import io.warden.actors.endpoint.Connection;
import io.warden.actors.endpoint.ConnectionRegistry;
import io.warden.actors.endpoint.ConnectionStats;
import io.warden.actors.endpoint.ServerStats;
import io.warden.actors.session.SessionTracker;
import io.warden.persistence.tree.DataTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Answers four-letter words from a snapshot of the node: the published tree, the lock-free
 * counters, the connection registry, and (by asking) the commit stage's watch table and the
 * tracker's sessions. Never blocks an actor: the asks complete asynchronously.
 */
public final class FourLetterWordService implements AdminWords {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final ServerConfig config;
    private final String mode;
    private final ActorSystem<?> system;
    private final ReadView view;
    private final ActorRef<CommitStage.Command> commit;
    private final ActorRef<SessionTracker.Command> tracker;
    private final ServerStats stats;
    private final ConnectionRegistry connections;
    private final long startedAtMs;
    /** The port the endpoint really bound (the configuration may say 0: any free port). */
    private volatile int boundClientPort;
    /** An ensemble role's own mntr keys (zk_peer_state, a leader's learner counts ...), in order. */
    private volatile java.util.function.Supplier<Map<String, Object>> ensembleMetrics = Map::of;
    /**
     * The server's trace mask, shown by gtmk and set by stmk. ZooKeeper's default: client
     * requests, server packets, sessions and warnings (2|16|32|256). Warden writes no trace log,
     * so the mask is only held, as a tool that sets and reads it back expects.
     */
    private volatile long traceMask = DEFAULT_TRACE_MASK;
    static final long DEFAULT_TRACE_MASK = 2 | 16 | 32 | 256;

    public FourLetterWordService(ServerConfig config, String mode, ActorSystem<?> system, ReadView view,
                                 ActorRef<CommitStage.Command> commit, ActorRef<SessionTracker.Command> tracker,
                                 ServerStats stats, ConnectionRegistry connections, long startedAtMs) {
        this.config = config;
        this.mode = mode;
        this.system = system;
        this.view = view;
        this.commit = commit;
        this.tracker = tracker;
        this.stats = stats;
        this.connections = connections;
        this.startedAtMs = startedAtMs;
    }

    /**
     * An ensemble role's mntr keys, asked for on each mntr (on the word's thread, so the supplier
     * reads only what is safe to read from there).
     */
    public void ensembleMetrics(java.util.function.Supplier<Map<String, Object>> metrics) {
        this.ensembleMetrics = metrics;
    }

    /** Called once the client port is bound, so conf reports the port clients actually use. */
    public void clientPortBound(int port) {
        this.boundClientPort = port;
    }

    @Override
    public CompletionStage<String> run(String word, long argument) {
        if (!config.fourLetterWords().isEnabled(word)) {
            return done(WordFormats.notWhitelisted(word));
        }
        return switch (word) {
            case "ruok" -> done("imok");
            case "srvr" -> done(WordFormats.srvr(summary()));
            case "stat" -> done(WordFormats.stat(summary(), connectionViews()));
            case "cons" -> done(WordFormats.cons(connectionViews()));
            case "mntr" -> watchReport().thenApply(report -> WordFormats.mntr(metrics(report)));
            case "conf" -> done(WordFormats.keyValues(conf()) + membership());
            case "envi" -> done(WordFormats.envi(Environment.describe(version())));
            case "wchs" -> watchReport().thenApply(r -> WordFormats.wchs(r.connectionCount(), r.pathCount(),
                    r.pathsByChannel().values().stream().mapToLong(List::size).sum()));
            case "wchc" -> watchReport().thenApply(r -> WordFormats.wchc(bySession(r.pathsByChannel())));
            case "wchp" -> watchReport().thenApply(r -> WordFormats.wchp(sessionsByPath(r.channelsByPath())));
            case "dump" -> sessionDump().thenApply(d -> WordFormats.dump(d.sessionsByDeadline(), d.sessionCount(),
                    view.current().ephemerals(), connectionViews()));
            case "dirs" -> done(WordFormats.dirs(sizeOf(config.dataDir()), sizeOf(config.dataLogDir())));
            case "isro" -> done("rw");
            case "crst" -> {
                connections.snapshot().forEach(c -> c.stats().reset());
                yield done("Connection stats reset.\n");
            }
            case "srst" -> {
                stats.reset();
                yield done("Server stats reset.\n");
            }
            // Both answer the mask as a bare decimal number, no newline (ZooKeeper's pw.print(long)).
            case "gtmk" -> done(Long.toString(traceMask));
            case "stmk" -> {
                traceMask = argument;
                yield done(Long.toString(argument));
            }
            case "hash" -> done("0x" + Long.toHexString(view.current().lastProcessedZxid()) + ": "
                    + Long.toHexString(view.current().digest()) + "\n");
            default -> done(WordFormats.notWhitelisted(word));
        };
    }

    private static CompletionStage<String> done(String text) {
        return CompletableFuture.completedFuture(text);
    }

    /** The version scripts see: ZooKeeper's protocol level, then Warden's own version. */
    public static String version() {
        return VersionInfo.fullVersion();
    }

    /**
     * ZooKeeper counts the root twice (it is stored under "" and "/"), so its node count of a
     * fresh tree is 5; Warden reports the same figure so the two can be compared side by side.
     */
    private static long zooKeeperNodeCount(DataTree tree) {
        return tree.nodeCount() + 1L;
    }

    private WordFormats.Summary summary() {
        DataTree tree = view.current();
        var latency = stats.latency();
        return new WordFormats.Summary(version(), latency.min(), latency.avg(), latency.max(), stats.packetsReceived(),
                stats.packetsSent(), connections.size(), stats.outstanding(), tree.lastProcessedZxid(), mode,
                zooKeeperNodeCount(tree));
    }

    private List<WordFormats.ConnectionView> connectionViews() {
        List<WordFormats.ConnectionView> out = new ArrayList<>();
        for (Connection connection : connections.snapshot()) {
            ConnectionStats s = connection.stats();
            out.add(new WordFormats.ConnectionView(connection.remote().toString(), s.sessionId() != 0, s.queuedCount(),
                    s.receivedCount(), s.sentCount(), s.sessionId(), s.lastOperation(), s.establishedMs(),
                    s.sessionTimeoutMs(), s.lastCxid(), s.lastZxid(), s.lastResponseMs(), s.lastLatencyMs(),
                    s.latency().min(), s.latency().avg(), s.latency().max()));
        }
        return out;
    }

    private Map<String, Object> metrics(CommitStage.WatchReport watches) {
        DataTree tree = view.current();
        var latency = stats.latency();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zk_version", version());
        m.put("zk_server_state", mode);
        m.put("zk_ephemerals_count", tree.ephemeralCount());
        m.put("zk_num_alive_connections", connections.size());
        m.put("zk_avg_latency", latency.avg());
        m.put("zk_outstanding_requests", stats.outstanding());
        m.put("zk_znode_count", zooKeeperNodeCount(tree));
        m.put("zk_global_sessions", tree.sessions().size());
        m.put("zk_packets_sent", stats.packetsSent());
        m.put("zk_packets_received", stats.packetsReceived());
        m.put("zk_watch_count", watches.watchCount());
        m.put("zk_min_latency", latency.min());
        m.put("zk_max_file_descriptor_count", Environment.maxFileDescriptors());
        m.put("zk_approximate_data_size", tree.approximateDataSizeBytes());
        m.put("zk_open_file_descriptor_count", Environment.openFileDescriptors());
        m.put("zk_local_sessions", 0);
        m.put("zk_uptime", System.currentTimeMillis() - startedAtMs);
        m.put("zk_max_latency", latency.max());
        m.put("zk_last_processed_zxid", tree.lastProcessedZxid());
        m.put("zk_tree_digest", Long.toHexString(tree.digest()));
        m.putAll(ensembleMetrics.get());
        return m;
    }

    private Map<String, Object> conf() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("clientPort", boundClientPort != 0 ? boundClientPort : config.clientPort());
        c.put("secureClientPort", -1);
        c.put("dataDir", config.dataDir());
        c.put("dataDirSize", sizeOf(config.dataDir()));
        c.put("dataLogDir", config.dataLogDir());
        c.put("dataLogSize", sizeOf(config.dataLogDir()));
        c.put("tickTime", config.tickTimeMs());
        c.put("maxClientCnxns", config.client().maxClientCnxns());
        c.put("minSessionTimeout", config.client().minSessionTimeoutMs());
        c.put("maxSessionTimeout", config.client().maxSessionTimeoutMs());
        c.put("clientPortListenBacklog", config.client().listenBacklog());
        c.put("serverId", config.myid());
        config.ensemble().server(config.myid()).ifPresent(me -> {
            // ZooKeeper's quorum servers add these (electionAlg 3 is fast leader election, the only one)
            c.put("initLimit", config.timing().initLimit());
            c.put("syncLimit", config.timing().syncLimit());
            c.put("electionAlg", 3);
            c.put("electionPort", me.electionPort());
            c.put("quorumPort", me.quorumPort());
            c.put("peerType", me.observer() ? 1 : 0);
        });
        return c;
    }

    /**
     * An ensemble member's membership block after conf's keys, as ZooKeeper's quorum servers end
     * theirs: "membership: ", one server.N line per member, the configuration's version (0: a
     * static configuration). Empty for a standalone server.
     */
    private String membership() {
        if (config.isStandalone()) {
            return "";
        }
        StringBuilder out = new StringBuilder("membership: \n");
        for (var server : config.ensemble().servers()) {
            out.append("server.").append(server.sid()).append('=').append(server.host()).append(':')
                    .append(server.quorumPort()).append(':').append(server.electionPort()).append(':')
                    .append(server.observer() ? "observer" : "participant");
            server.clientAddress().ifPresent(client -> out.append(';').append(client));
            out.append('\n');
        }
        return out.append("version=0\n").toString();
    }

    private CompletionStage<CommitStage.WatchReport> watchReport() {
        return AskPattern.ask(commit, CommitStage.GetWatchReport::new, ASK_TIMEOUT, system.scheduler());
    }

    private CompletionStage<SessionTracker.Dump> sessionDump() {
        return AskPattern.ask(tracker, SessionTracker.GetDump::new, ASK_TIMEOUT, system.scheduler());
    }

    private static Map<Long, List<String>> bySession(Map<ClientChannel, List<String>> pathsByChannel) {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        pathsByChannel.forEach((channel, paths) -> out.computeIfAbsent(sessionOf(channel), s -> new ArrayList<>()).addAll(paths));
        return out;
    }

    private static Map<String, List<Long>> sessionsByPath(Map<String, List<ClientChannel>> channelsByPath) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        channelsByPath.forEach((path, channels) -> out.put(path, channels.stream().map(FourLetterWordService::sessionOf).toList()));
        return out;
    }

    private static long sessionOf(ClientChannel channel) {
        return channel instanceof Connection connection ? connection.stats().sessionId() : channel.channelId();
    }

    private static long sizeOf(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a file removed while we walk (segment purge) counts as empty
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
