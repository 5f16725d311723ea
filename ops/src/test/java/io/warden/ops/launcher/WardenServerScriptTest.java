package io.warden.ops.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.actors.config.ServerConfig;
import io.warden.actors.server.WardenNode;
import io.warden.actors.server.WardenNodeFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/bin/warden-server, run by bash against a config in a temp dir. None of these tests builds
 * anything: status and stop need no Java, and the start test runs the script from a copy of the
 * ops layout whose jars are empty, with this test's classpath and the fake node on CLASSPATH.
 */
@Timeout(180)
class WardenServerScriptTest {
    private static final Path SCRIPT = ScriptHarness.SCRIPT;

    @TempDir
    Path tmp;
    Path cfg;
    int port;
    final List<Long> startedPids = new ArrayList<>();

    @BeforeAll
    static void needsBash() {
        ScriptHarness.assumeBash();
    }

    @BeforeEach
    void writeConfig() throws IOException {
        port = ScriptHarness.freePort();
        cfg = tmp.resolve("conf/zoo.cfg");
        Files.createDirectories(cfg.getParent());
        Files.writeString(cfg, "tickTime=2000\ndataDir=../data\nclientPort=" + port + "\nadmin.enableServer=false\n");
    }

    @AfterEach
    void stopWhatWeStarted() {
        startedPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
    }

    @Test
    void statusOfNothingSaysNotRunningAndExitsWithOne() throws Exception {
        ScriptHarness.Result r = run(SCRIPT, Map.of(), "status", cfg.toString());
        assertEquals(1, r.status(), r.output());
        assertTrue(r.output().contains("Client port found: " + port + ". Client address: localhost."), r.output());
        assertTrue(r.output().contains("It is probably not running."), r.output());
    }

    @Test
    void statusOfARunningServerPrintsItsMode() throws Exception {
        WardenNode node = new FakeNodeFactory().start(config());
        try {
            ScriptHarness.Result r = run(SCRIPT, Map.of(), "status", cfg.toString());
            assertEquals(0, r.status(), r.output());
            assertTrue(r.output().contains("Client port found: " + port + ". Client address: localhost."), r.output());
            assertTrue(r.output().contains("Mode: standalone"), r.output());
        } finally {
            node.close();
        }
    }

    @Test
    void statusFindsTheClientPortOnTheServerLine() throws Exception {
        Files.writeString(cfg, "dataDir=../data\nserver.1=127.0.0.1:2888:3888;127.0.0.1:" + port
                + "\nserver.2=127.0.0.2:2888:3888\nserver.3=127.0.0.3:2888:3888\n");
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/myid"), "1\n");
        ScriptHarness.Result r = run(SCRIPT, Map.of(), "status", cfg.toString());
        assertEquals(1, r.status(), r.output());
        assertTrue(r.output().contains("Client port found: " + port + ". Client address: 127.0.0.1."), r.output());
    }

    @Test
    void stopWithoutAPidFileHasNothingToDo() throws Exception {
        ScriptHarness.Result r = run(SCRIPT, Map.of(), "stop", cfg.toString());
        assertEquals(0, r.status(), r.output());
        assertTrue(r.output().contains("no Warden server to stop"), r.output());
    }

    @Test
    void stopNeverSignalsAProcessThatIsNotWarden() throws Exception {
        Process other = new ProcessBuilder(WardenMainForkedTest.javaBin(), "-Xmx16m", "-cp",
                System.getProperty("java.class.path"), BlockOnStdin.class.getName()).start();
        startedPids.add(other.pid());
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data").resolve(PidFile.NAME), Long.toString(other.pid()));
        ScriptHarness.Result r = run(SCRIPT, Map.of(), "stop", cfg.toString());
        assertEquals(1, r.status(), r.output());
        assertTrue(r.output().contains("is not a Warden server; not signalling it"), r.output());
        assertTrue(other.isAlive());
        other.getOutputStream().close();
    }

    @Test
    void unknownCommandIsAUsageError() throws Exception {
        ScriptHarness.Result r = run(SCRIPT, Map.of(), "explode", cfg.toString());
        assertEquals(2, r.status(), r.output());
        assertTrue(r.output().contains("Usage:"), r.output());
    }

    @Test
    void startStatusStopRoundTrip() throws Exception {
        Path script = ScriptHarness.fakeOpsLayout(tmp);
        Map<String, String> env = Map.of(
                "CLASSPATH", System.getProperty("java.class.path") + File.pathSeparator + serviceRegistration(),
                "SERVER_JVMFLAGS", "-Xmx64m -D" + WardenMain.FACTORY_PROPERTY + "=" + FakeNodeFactory.class.getName(),
                "WARDEN_LOG_DIR", tmp.resolve("logs").toString(),
                "WARDEN_START_TIMEOUT", "90");
        Path pidFile = tmp.resolve("data").resolve(PidFile.NAME);

        ScriptHarness.Result start = run(script, env, "start", cfg.toString());
        readPid(pidFile).ifPresent(startedPids::add);
        assertEquals(0, start.status(), start.output() + logs());
        assertTrue(start.output().contains("STARTED"), start.output());
        long pid = readPid(pidFile).orElseThrow();
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        ScriptHarness.Result again = run(script, env, "start", cfg.toString());
        assertEquals(1, again.status(), again.output());
        assertTrue(again.output().contains("already running as process " + pid), again.output());

        ScriptHarness.Result status = run(script, env, "status", cfg.toString());
        assertEquals(0, status.status(), status.output());
        assertTrue(status.output().contains("Mode: standalone"), status.output());

        ScriptHarness.Result stop = run(script, env, "stop", cfg.toString());
        assertEquals(0, stop.status(), stop.output() + logs());
        assertTrue(stop.output().contains("STOPPED"), stop.output());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(pidFile));
        assertTrue(Files.readString(tmp.resolve("logs/warden-server.log")).contains("Warden server started, mode: standalone"),
                logs());
    }

    /** A classpath directory registering the fake node as a service, for this test only. */
    private Path serviceRegistration() throws IOException {
        Path dir = tmp.resolve("fake-service");
        Path file = dir.resolve("META-INF/services/" + WardenNodeFactory.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, FakeNodeFactory.class.getName() + "\n");
        return dir;
    }

    private ServerConfig config() {
        return ServerConfig.builder(tmp.resolve("data")).clientPort(port).build();
    }

    private String logs() throws IOException {
        return ScriptHarness.logs(tmp.resolve("logs"));
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        return PidFile.read(pidFile);
    }

    /**
     * In a source checkout the script rebuilds when its jars are older than the sources, not only
     * when they are missing. MVN is a stand-in that counts its calls; the start that follows fails
     * (the jars are empty), which is all this test needs.
     */
    @Test
    void startRebuildsWhenASourceIsNewerThanTheLastBuild() throws Exception {
        Path checkout = tmp.resolve("checkout");
        Path script = ScriptHarness.fakeOpsLayout(checkout);
        Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
        Path source = checkout.resolve("api/src/main/java/A.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class A {}\n");
        Path calls = tmp.resolve("mvn-calls");
        Path mvn = tmp.resolve("fake-mvn");
        Files.writeString(mvn, "#!/usr/bin/env bash\necho \"$*\" >> '" + calls + "'\n");
        assertTrue(mvn.toFile().setExecutable(true));
        Map<String, String> env = Map.of("MVN", mvn.toString(), "WARDEN_LOG_DIR", tmp.resolve("logs").toString());

        run(script, env, "start-foreground", cfg.toString());
        assertEquals(1, mvnCalls(calls), "no build stamp yet: built once");
        run(script, env, "start-foreground", cfg.toString());
        assertEquals(1, mvnCalls(calls), "nothing changed since: no build");
        Files.setLastModifiedTime(source, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        run(script, env, "start-foreground", cfg.toString());
        assertEquals(2, mvnCalls(calls), "a source newer than the last build: built again");
    }

    private static long mvnCalls(Path calls) throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    private ScriptHarness.Result run(Path script, Map<String, String> env, String... args) throws Exception {
        return ScriptHarness.run(tmp, script, env, args);
    }
}
