package io.warden.ops.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One real node run by ops/bin/warden-server on a copy of the ops layout
 * ({@link ScriptHarness#fakeOpsLayout}), with the test's classpath on CLASSPATH: its zoo.cfg, its
 * client port, the pid the launcher wrote, start, stop and four-letter words. The real-process
 * tests share this instead of each laying out the same tree and pid-file handling again.
 *
 * <p>The zoo.cfg is {@code <confDir>/zoo.cfg} and must say {@code dataDir=../data}, so that the pid
 * file is found in {@code <confDir>/../data}; the server's logs go to {@code <workDir>/logs}.
 */
final class ScriptedNode {
    private static final String DATA_DIR_LINE = "dataDir=../data";

    private final Path workDir;
    private final Path script;
    private final Path cfg;
    private final Path pidFile;
    private final Path logDir;
    private final int port;
    private String jvmFlags = "";
    private long pid = -1;

    private ScriptedNode(Path workDir, Path script, Path confDir, int port) {
        this.workDir = workDir;
        this.script = script;
        this.cfg = confDir.resolve("zoo.cfg");
        this.pidFile = confDir.resolveSibling("data").resolve(PidFile.NAME);
        this.logDir = workDir.resolve("logs");
        this.port = port;
    }

    /** The ops layout under {@code workDir}, the zoo.cfg in {@code workDir/conf}, a free client port. */
    static ScriptedNode layOut(Path workDir) throws IOException {
        return layOut(workDir, "conf");
    }

    /** As {@link #layOut(Path)}, the zoo.cfg in {@code workDir/confDir} (relative). */
    static ScriptedNode layOut(Path workDir, String confDir) throws IOException {
        Path script = ScriptHarness.fakeOpsLayout(workDir);
        return new ScriptedNode(workDir, script, workDir.resolve(confDir), ScriptHarness.freePort());
    }

    /** Writes zoo.cfg, one line per argument; one of them must be {@code dataDir=../data}. */
    void writeConfig(String... lines) throws IOException {
        if (!List.of(lines).contains(DATA_DIR_LINE)) {
            throw new IllegalArgumentException("the pid file is looked for where " + DATA_DIR_LINE + " puts it");
        }
        Files.createDirectories(cfg.getParent());
        Files.writeString(cfg, String.join("\n", lines) + "\n");
    }

    int port() {
        return port;
    }

    Path cfg() {
        return cfg;
    }

    Path pidFile() {
        return pidFile;
    }

    Path logDir() {
        return logDir;
    }

    /** The server's pid as the launcher wrote it at the last start; -1 before, or once stopped. */
    long pid() {
        return pid;
    }

    boolean alive() {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * {@code warden-server start} with {@code jvmFlags} as SERVER_JVMFLAGS; fails the test unless it
     * exits 0 with a pid file. The pid is taken even from a failed start, so that cleanup finds it.
     */
    ScriptHarness.Result start(String jvmFlags) throws Exception {
        this.jvmFlags = jvmFlags;
        ScriptHarness.Result start = script("start");
        readPid().ifPresent(p -> pid = p);
        assertEquals(0, start.status(), start.output() + ScriptHarness.logs(logDir));
        pid = readPid().orElseThrow();
        return start;
    }

    /** {@code warden-server <command> <zoo.cfg>}, with the JVM flags of the last start. */
    ScriptHarness.Result script(String command) throws Exception {
        return ScriptHarness.run(workDir, script, env(), command, cfg.toString());
    }

    /** The node is known to be down (stopped or killed by the test): cleanup leaves it alone. */
    void forget() {
        pid = -1;
    }

    /** Cleanup: {@code warden-server stop} if the server still runs, SIGKILL if that fails. */
    void stopOrKill() throws Exception {
        if (alive()) {
            ScriptHarness.Result stop = script("stop");
            if (stop.status() != 0) {
                kill();
            }
        }
    }

    /** Cleanup: SIGKILL to the server, if one was started and not forgotten. */
    void kill() {
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** A four-letter word on a socket of its own, the whole reply as the server sent it. */
    String fourLetterWord(String word) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private Optional<Long> readPid() throws IOException {
        return PidFile.read(pidFile);
    }

    private Map<String, String> env() {
        return Map.of("CLASSPATH", System.getProperty("java.class.path"), "SERVER_JVMFLAGS", jvmFlags,
                "WARDEN_LOG_DIR", logDir.toString(), "WARDEN_START_TIMEOUT", "120");
    }
}
