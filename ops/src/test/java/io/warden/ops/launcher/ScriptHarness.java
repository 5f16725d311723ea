package io.warden.ops.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;

/**
 * Runs ops/bin/warden-server from tests, by bash, with no build: the script's own checks want
 * ops/target's jars, which exist only after {@code package} (later than {@code test}), so the
 * tests run a copy of the ops layout whose jars are empty and put the test's classpath, which
 * holds the real launcher and server, on CLASSPATH.
 */
final class ScriptHarness {
    static final Path SCRIPT = Path.of("bin", "warden-server").toAbsolutePath();
    private static final long SCRIPT_TIMEOUT_SECONDS = 150;

    record Result(int status, String output) {}

    private ScriptHarness() {}

    /** Runs {@code bash script args...} in {@code workDir}, with java from this JVM's java.home. */
    static Result run(Path workDir, Path script, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(workDir.toFile());
        pb.environment().remove("CLASSPATH");
        pb.environment().putAll(env);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the script did not finish: " + output);
        return new Result(p.exitValue(), output);
    }

    /**
     * A copy of ops/ under {@code dir} with the script, the real conf files and empty jars where the
     * build's would be; returns the copied script.
     */
    static Path fakeOpsLayout(Path dir) throws IOException {
        Path ops = dir.resolve("ops");
        Files.createDirectories(ops.resolve("bin"));
        Files.createDirectories(ops.resolve("conf"));
        Files.createDirectories(ops.resolve("target/lib"));
        Path script = ops.resolve("bin/warden-server");
        Files.copy(SCRIPT, script, StandardCopyOption.COPY_ATTRIBUTES);
        for (String conf : List.of("logback.xml", "logback-file.xml")) {
            Files.copy(Path.of("conf", conf), ops.resolve("conf").resolve(conf));
        }
        for (String jar : List.of("warden-ops-0.0.0.jar", "lib/warden-actors-0.0.0.jar", "lib/warden-api-0.0.0.jar")) {
            try (OutputStream out = Files.newOutputStream(ops.resolve("target").resolve(jar));
                 JarOutputStream empty = new JarOutputStream(out)) {
                empty.finish();
            }
        }
        return script;
    }

    /** Every file in {@code logDir}, each under a header: for failure messages. */
    static String logs(Path logDir) throws IOException {
        StringBuilder all = new StringBuilder();
        if (Files.isDirectory(logDir)) {
            try (var files = Files.list(logDir)) {
                for (Path f : files.sorted().toList()) {
                    all.append("\n--- ").append(f.getFileName()).append('\n').append(Files.readString(f));
                }
            }
        }
        return all.toString();
    }

    /** A port free a moment ago: the script and zoo.cfg need a number, not port 0. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Skips the calling test class where the scripts cannot run: no Unix shell, or no bash. */
    static void assumeBash() {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "the script is for Unix shells");
        assumeTrue(onPath("bash"), "bash is not installed");
    }

    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
