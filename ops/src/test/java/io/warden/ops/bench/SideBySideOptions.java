package io.warden.ops.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Settings of a side-by-side run: which servers, which workloads, and the load shape every
 * workload gets on every server.
 *
 * @param runtimeClasspathFile file holding ops' runtime classpath (one line, ':'-separated),
 *                             used to start Warden without the test-only jars
 * @param workDir              where each server's temp dir (config, data, logs) is made: put
 *                             it on the disk under test, since setData waits for its fsync
 */
record SideBySideOptions(
        List<Target> targets,
        List<Workload> workloads,
        int sessions,
        int outstanding,
        int sizeBytes,
        Duration duration,
        Duration warmup,
        int znodesPerSession,
        List<String> serverJvmOptions,
        List<String> clientJvmOptions,
        Optional<Path> runtimeClasspathFile,
        Path workDir) {

    /** Identical for every server, so the comparison is of the code and not of the JVM setup. */
    static final String DEFAULT_SERVER_JVM_OPTIONS = "-Xms1g -Xmx1g -XX:+UseG1GC";
    static final String DEFAULT_CLIENT_JVM_OPTIONS = "-Xms512m -Xmx512m -XX:+UseG1GC";

    static final String USAGE = """
            usage: warden-bench [--targets zookeeper[,warden]] [--ops getData,setData] [--sessions 32]
                                [--outstanding 16] [--size 1024] [--duration 20s] [--warmup 10s] [--znodes 16]
                                [--server-jvm-opts "%s"]
                                [--client-jvm-opts "%s"]
                                [--work-dir DIR (default: java.io.tmpdir)] [--runtime-classpath-file FILE]
                   warden-bench --memory 200000[,1000000] [--targets ...] [--server-jvm-opts ...] [--work-dir DIR]
                                (heap bytes per znode of 100 B, whole server, jcmd GC.class_histogram)
                   warden-bench --idle-sessions 2000 [--in-flight 200] [--idle 30s] [--storm] [--targets ...]
                                (heap per idle session with an ephemeral and a watch, connects/s, idle CPU,
                                 and with --storm the time for all sessions to reconnect after a cut)
                   warden-bench --watches 1000 [--watch-znodes 100000] [--watches-per-session 1000] [--targets ...]
                                (heap per watch, and the time from a write to the last of 1000 events)""".formatted(DEFAULT_SERVER_JVM_OPTIONS,
            DEFAULT_CLIENT_JVM_OPTIONS);

    SideBySideOptions {
        targets = List.copyOf(targets);
        workloads = List.copyOf(workloads);
        serverJvmOptions = List.copyOf(serverJvmOptions);
        clientJvmOptions = List.copyOf(clientJvmOptions);
        if (targets.isEmpty() || workloads.isEmpty()) {
            throw new IllegalArgumentException("need at least one target and one op");
        }
    }

    static SideBySideOptions parse(String[] args) {
        CommandLine cl = CommandLine.parse(args,
                Set.of("targets", "ops", "sessions", "outstanding", "size", "duration", "warmup", "znodes",
                        "server-jvm-opts", "client-jvm-opts", "runtime-classpath-file", "work-dir"),
                Set.of());
        return new SideBySideOptions(
                list(cl.string("targets", "zookeeper"), Target::fromOptionName),
                list(cl.string("ops", "getData,setData"), Workload::fromOptionName),
                cl.integer("sessions", 32, 1, 4096),
                cl.integer("outstanding", 16, 1, 100_000),
                cl.integer("size", 1024, 0, LoadOptions.MAX_SIZE_BYTES),
                cl.duration("duration", Duration.ofSeconds(20)),
                cl.duration("warmup", Duration.ofSeconds(10)),
                cl.integer("znodes", 16, 1, 1_000_000),
                words(cl.string("server-jvm-opts", DEFAULT_SERVER_JVM_OPTIONS)),
                words(cl.string("client-jvm-opts", DEFAULT_CLIENT_JVM_OPTIONS)),
                Optional.ofNullable(cl.string("runtime-classpath-file", null)).map(Path::of),
                Path.of(cl.string("work-dir", System.getProperty("java.io.tmpdir"))));
    }

    /** The load-generator arguments shared by every run, before connect, op and PID. */
    List<String> loadArguments() {
        return List.of("--sessions", Integer.toString(sessions), "--outstanding", Integer.toString(outstanding),
                "--size", Integer.toString(sizeBytes), "--duration", duration.toMillis() + "ms",
                "--warmup", warmup.toMillis() + "ms", "--znodes", Integer.toString(znodesPerSession));
    }

    private static <T> List<T> list(String csv, Function<String, T> parse) {
        List<T> out = new ArrayList<>();
        for (String item : csv.split(",")) {
            T value = parse.apply(item.trim());
            if (out.contains(value)) {
                throw new IllegalArgumentException("'" + item.trim() + "' listed twice");
            }
            out.add(value);
        }
        return out;
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
