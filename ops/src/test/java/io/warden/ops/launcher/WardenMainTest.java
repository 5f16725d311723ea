package io.warden.ops.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.actors.config.ServerConfig;
import io.warden.actors.server.WardenNode;
import io.warden.actors.server.WardenNodeFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** WardenMain in this JVM, with factories handed in: exit statuses, pid file, warnings. */
@Timeout(120)
class WardenMainTest {
    @TempDir
    Path tmp;
    Path cfg;
    Path pidFile;
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    /** A node that runs until closed, or until failed. */
    static final class StubNode implements WardenNode {
        final CompletableFuture<Void> terminated = new CompletableFuture<>();

        @Override
        public CompletionStage<Void> whenTerminated() {
            return terminated;
        }

        @Override
        public void close() {
            terminated.complete(null);
        }

        @Override
        public String mode() {
            return "standalone";
        }
    }

    static final class StubFactory implements WardenNodeFactory {
        final AtomicReference<StubNode> started = new AtomicReference<>();
        final AtomicReference<ServerConfig> config = new AtomicReference<>();

        @Override
        public WardenNode start(ServerConfig c) {
            config.set(c);
            StubNode node = new StubNode();
            started.set(node);
            return node;
        }
    }

    @BeforeEach
    void writeConfig() throws IOException {
        cfg = tmp.resolve("conf/zoo.cfg");
        Files.createDirectories(cfg.getParent());
        Files.writeString(cfg, "dataDir=../data\nclientPort=2181\ntickTim=100\n");
        pidFile = tmp.resolve("data").resolve(PidFile.NAME);
    }

    private WardenMain main(Map<String, String> props, List<WardenNodeFactory> factories) {
        return new WardenMain(props, () -> factories, err);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsUntilTheNodeStopsKeepingThePidFileMeanwhile() throws Exception {
        StubFactory factory = new StubFactory();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                () -> main(Map.of(), List.of(factory)).run(new String[] {cfg.toString()}));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pidFile) && factory.started.get() != null);
        assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(pidFile));
        assertEquals(tmp.resolve("data"), factory.config.get().dataDir());
        assertFalse(status.isDone());
        factory.started.get().close();
        assertEquals(WardenMain.EXIT_OK, status.get(20, TimeUnit.SECONDS));
        assertFalse(Files.exists(pidFile), "a clean stop removes the pid file");
    }

    @Test
    void aNodeThatFailsExitsWithOne() throws Exception {
        StubFactory factory = new StubFactory();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                () -> main(Map.of(), List.of(factory)).run(new String[] {cfg.toString()}));
        await().atMost(Duration.ofSeconds(20)).until(() -> factory.started.get() != null);
        factory.started.get().terminated.completeExceptionally(new IllegalStateException("disk on fire"));
        assertEquals(WardenMain.EXIT_FAILED, status.get(20, TimeUnit.SECONDS));
        assertTrue(err().contains("disk on fire"), err());
        assertFalse(Files.exists(pidFile));
    }

    @Test
    void aFactoryThatThrowsExitsWithOneAndLeavesNoPidFile() {
        WardenNodeFactory broken = c -> {
            throw new IllegalStateException("port 2181 in use");
        };
        assertEquals(WardenMain.EXIT_FAILED, main(Map.of(), List.of(broken)).run(new String[] {cfg.toString()}));
        assertTrue(err().contains("the server failed to start: java.lang.IllegalStateException: port 2181 in use"), err());
        assertFalse(Files.exists(pidFile));
    }

    @Test
    void noImplementationExitsWithTwo() {
        assertEquals(WardenMain.EXIT_INVALID, main(Map.of(), List.of()).run(new String[] {cfg.toString()}));
        assertTrue(err().contains("Error: no Warden server implementation on the classpath"), err());
    }

    @Test
    void severalImplementationsNeedChoosing() throws Exception {
        StubFactory chosen = new StubFactory();
        WardenNodeFactory other = c -> {
            throw new AssertionError("not chosen");
        };
        List<WardenNodeFactory> both = List.of(other, chosen);
        assertEquals(WardenMain.EXIT_INVALID, main(Map.of(), both).run(new String[] {cfg.toString()}));
        assertTrue(err().contains("several Warden server implementations on the classpath"), err());

        Map<String, String> props = Map.of(WardenMain.FACTORY_PROPERTY, StubFactory.class.getName());
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                () -> main(props, both).run(new String[] {cfg.toString()}));
        await().atMost(Duration.ofSeconds(20)).until(() -> chosen.started.get() != null);
        chosen.started.get().close();
        assertEquals(WardenMain.EXIT_OK, status.get(20, TimeUnit.SECONDS));

        Map<String, String> missing = Map.of(WardenMain.FACTORY_PROPERTY, "no.such.Factory");
        assertEquals(WardenMain.EXIT_INVALID, main(missing, both).run(new String[] {cfg.toString()}));
        assertTrue(err().contains("named no.such.Factory by -Dwarden.node.factory"), err());
    }

    @Test
    void invalidConfigExitsWithTwoNamingTheKey() throws IOException {
        Files.writeString(cfg, "dataDir=../data\nclientPort=abc\n");
        assertEquals(WardenMain.EXIT_INVALID, main(Map.of(), List.of(new StubFactory())).run(new String[] {cfg.toString()}));
        assertTrue(err().contains("invalid configuration " + cfg + ": clientPort: \"abc\" is not a port number (1-65535)"),
                err());
    }

    @Test
    void serverLinesAndMyidStartAnEnsembleMember() throws Exception {
        Files.writeString(cfg, "dataDir=../data\nclientPort=2181\ninitLimit=5\nsyncLimit=2\n"
                + "server.1=localhost:2888:3888\nserver.2=localhost:2889:3889\nserver.3=localhost:2890:3890\n");
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/myid"), "2\n");
        StubFactory factory = new StubFactory();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                () -> main(Map.of(), List.of(factory)).run(new String[] {cfg.toString()}));
        await().atMost(Duration.ofSeconds(20)).until(() -> factory.started.get() != null);
        assertEquals(2, factory.config.get().myid());
        assertEquals(3, factory.config.get().ensemble().servers().size());
        factory.started.get().close();
        assertEquals(WardenMain.EXIT_OK, status.get(20, TimeUnit.SECONDS));
    }

    @Test
    void aQuorumPortInUseIsOneLineAndExitTwo() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Files.writeString(cfg, "dataDir=../data\nclientPort=2181\ninitLimit=5\nsyncLimit=2\n"
                    + "server.1=127.0.0.1:" + taken.getLocalPort() + ":3888\nserver.2=127.0.0.1:2889:3889\n"
                    + "server.3=127.0.0.1:2890:3890\n");
            Files.createDirectories(tmp.resolve("data"));
            Files.writeString(tmp.resolve("data/myid"), "1\n");
            StubFactory factory = new StubFactory();
            assertEquals(WardenMain.EXIT_INVALID, main(Map.of(), List.of(factory)).run(new String[] {cfg.toString()}));
            assertEquals(null, factory.started.get());
            List<String> lines = err().lines().toList();
            assertEquals(1, lines.size(), err());
            assertTrue(lines.get(0).contains("quorum port 127.0.0.1:" + taken.getLocalPort() + " cannot be bound"), err());
            assertFalse(Files.exists(pidFile));
        }
    }

    @Test
    void badInvocationExitsWithTwo() {
        assertEquals(WardenMain.EXIT_INVALID, main(Map.of(), List.of()).run(new String[] {"a.cfg", "b.cfg"}));
        assertEquals(WardenMain.EXIT_INVALID, main(Map.of(), List.of()).run(new String[] {"--help"}));
        assertTrue(err().contains("usage: WardenMain [path/to/zoo.cfg]"), err());
    }

    @Test
    void refusesToShareADataDirWithALiveServer() throws IOException {
        Process other = new ProcessBuilder(WardenMainForkedTest.javaBin(), "-Xmx16m", "-cp",
                System.getProperty("java.class.path"), BlockOnStdin.class.getName()).start();
        try {
            refusesToShareWith(other.pid());
        } finally {
            other.getOutputStream().close();
            other.destroy();
        }
    }

    private void refusesToShareWith(long liveJava) throws IOException {
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, Long.toString(liveJava));
        StubFactory factory = new StubFactory();
        assertEquals(WardenMain.EXIT_FAILED, main(Map.of(), List.of(factory)).run(new String[] {cfg.toString()}));
        assertTrue(err().contains("a server is already running as process " + liveJava), err());
        assertEquals(null, factory.started.get());
        assertEquals(Long.toString(liveJava), Files.readString(pidFile), "someone else's pid file is left alone");
    }

    @Test
    void aStalePidFileIsReplaced() throws Exception {
        Process gone = new ProcessBuilder("java", "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gone.waitFor(30, TimeUnit.SECONDS);
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, Long.toString(gone.pid()));
        StubFactory factory = new StubFactory();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                () -> main(Map.of(), List.of(factory)).run(new String[] {cfg.toString()}));
        await().atMost(Duration.ofSeconds(20)).until(() -> factory.started.get() != null);
        assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(pidFile));
        factory.started.get().close();
        assertEquals(WardenMain.EXIT_OK, status.get(20, TimeUnit.SECONDS));
    }
}
