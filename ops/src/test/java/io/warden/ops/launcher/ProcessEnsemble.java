package io.warden.ops.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * An ensemble of real processes for a test: each member run by {@code ops/bin/warden-server} on
 * its own copy of the ops layout ({@link ScriptedNode}) from plain zoo.cfg and myid files, stock
 * ZooKeeper clients to them, and their logs kept in {@code target/<test>-logs} when closed.
 * Members are numbered from 0 here (member i is server.(i+1)).
 */
final class ProcessEnsemble implements AutoCloseable {
    static final int TICK_MS = 500;
    static final Duration SETTLE = Duration.ofSeconds(120);
    static final String JVM_FLAGS = "-Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private final Path dir;
    private final String logName;
    private final List<ScriptedNode> nodes = new ArrayList<>();
    private final List<ZooKeeper> clients = new ArrayList<>();

    ProcessEnsemble(Path dir, String logName) {
        this.dir = dir;
        this.logName = logName;
    }

    /**
     * zoo.cfg and myid for three voters, and a fourth member as server.4:observer if asked, on
     * free loopback ports, plus any extra zoo.cfg lines.
     */
    void configure(boolean observer, String... extra) throws IOException {
        int members = observer ? 4 : 3;
        while (nodes.size() < members) {
            nodes.add(ScriptedNode.layOut(dir.resolve("n" + (nodes.size() + 1))));
        }
        int[] quorumPorts = new int[members];
        int[] electionPorts = new int[members];
        for (int s = 0; s < members; s++) {
            quorumPorts[s] = ScriptHarness.freePort();
            electionPorts[s] = ScriptHarness.freePort();
        }
        for (int i = 0; i < members; i++) {
            List<String> lines = new ArrayList<>(List.of("tickTime=" + TICK_MS, "initLimit=20", "syncLimit=10",
                    "dataDir=../data", "clientPort=" + nodes.get(i).port(), "4lw.commands.whitelist=*",
                    "admin.enableServer=false"));
            for (int s = 0; s < members; s++) {
                lines.add("server." + (s + 1) + "=127.0.0.1:" + quorumPorts[s] + ":" + electionPorts[s]
                        + (s == 3 ? ":observer" : ""));
            }
            if (i == 3) {
                lines.add("peerType=observer");
            }
            lines.addAll(List.of(extra));
            nodes.get(i).writeConfig(lines.toArray(new String[0]));
            Path data = dir.resolve("n" + (i + 1)).resolve("data");
            Files.createDirectories(data);
            Files.writeString(data.resolve("myid"), (i + 1) + "\n");
        }
    }

    ScriptedNode node(int i) {
        return nodes.get(i);
    }

    /** Starts every member at once (each start waits for its ruok). */
    void startAll(String flags) throws Exception {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (ScriptedNode node : nodes) {
            starts.add(CompletableFuture.runAsync(() -> {
                try {
                    node.start(flags);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(starts.toArray(new CompletableFuture[0])).get(5, TimeUnit.MINUTES);
    }

    /** SIGKILL, and wait until the process is gone (its pid file stays): its data is kept. */
    void kill(int i) throws Exception {
        Optional<ProcessHandle> process = ProcessHandle.of(nodes.get(i).pid());
        nodes.get(i).kill();
        nodes.get(i).forget();
        if (process.isPresent()) {
            process.get().onExit().get(SETTLE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Waits until exactly one of these members leads and the others follow; returns the leader. */
    int awaitLeaderAmong(List<Integer> members) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(250)).until(() -> {
            long leaders = members.stream().filter(i -> mode(i).equals("leader")).count();
            long followers = members.stream().filter(i -> mode(i).equals("follower")).count();
            return leaders == 1 && followers == members.size() - 1;
        });
        return members.stream().filter(i -> mode(i).equals("leader")).findFirst().orElseThrow();
    }

    /** The Mode line of srvr ("leader", "follower", "observer"), or "" while the member does not serve. */
    String mode(int i) {
        try {
            String srvr = nodes.get(i).fourLetterWord("srvr");
            Optional<String> line = srvr.lines().filter(l -> l.startsWith("Mode: ")).findFirst();
            return line.map(l -> l.substring("Mode: ".length()).trim()).orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    /** The member's log so far. */
    String log(int i) throws IOException {
        return Files.readString(nodes.get(i).logDir().resolve("warden-server.log"));
    }

    /** Every member's client address, for a connect string the client picks from. */
    String connectString() {
        List<String> all = new ArrayList<>();
        for (ScriptedNode node : nodes) {
            all.add("127.0.0.1:" + node.port());
        }
        return String.join(",", all);
    }

    ZooKeeper connect(int i) throws Exception {
        return connect(i, 30_000);
    }

    ZooKeeper connect(int i, int sessionTimeoutMs) throws Exception {
        return connectTo("127.0.0.1:" + nodes.get(i).port(), sessionTimeoutMs, "member " + (i + 1));
    }

    /** A session of the stock client, closed with the ensemble. */
    ZooKeeper connectTo(String connectString, int sessionTimeoutMs, String what) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, sessionTimeoutMs, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        clients.add(zk);
        assertTrue(connected.await(SETTLE.toSeconds(), TimeUnit.SECONDS), "connected to " + what);
        return zk;
    }

    static void sync(ZooKeeper zk) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        zk.sync("/", (rc, path, ctx) -> done.countDown(), null);
        assertTrue(done.await(SETTLE.toSeconds(), TimeUnit.SECONDS), "sync answered");
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Closes the clients, SIGKILLs what still runs, and keeps the members' logs. */
    @Override
    public void close() throws Exception {
        for (ZooKeeper zk : clients) {
            zk.close(1000);
        }
        for (ScriptedNode node : nodes) {
            node.kill();
        }
        Path kept = Path.of("target", logName + "-logs");
        Files.createDirectories(kept);
        for (int i = 0; i < nodes.size(); i++) {
            if (Files.isDirectory(nodes.get(i).logDir())) {
                try (var files = Files.list(nodes.get(i).logDir())) {
                    for (Path f : files.toList()) {
                        Files.copy(f, kept.resolve("n" + (i + 1) + "-" + f.getFileName()),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }
}
