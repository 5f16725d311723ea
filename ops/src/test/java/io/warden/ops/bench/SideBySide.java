package io.warden.ops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures Apache ZooKeeper and Warden side by side on this machine with the same stock
 * client: for each target, starts a standalone server in its own JVM on a free loopback port
 * with a fresh data dir, runs each workload with {@link LoadGenerator} in another JVM, stops
 * the server by its PID and deletes its files; then prints one table. See
 * {@link SideBySideOptions#USAGE}; {@code ops/bin/warden-bench} runs it from the test classpath.
 */
public final class SideBySide {
    private static final Duration SERVER_START_TIMEOUT = Duration.ofSeconds(120);
    /** Connect, setup, drain and cleanup on top of warmup + duration. */
    private static final Duration LOAD_RUN_SLACK = Duration.ofMinutes(5);

    private final SideBySideOptions options;
    private final ChildProcesses children;
    private final ServerLaunch launch;

    private SideBySide(SideBySideOptions options, ChildProcesses children, ServerLaunch launch) {
        this.options = options;
        this.children = children;
        this.launch = launch;
    }

    public static void main(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help")) {
            System.out.println(SideBySideOptions.USAGE);
            return;
        }
        if (List.of(args).contains("--watches")) {
            ServerWatches.main(args);
            return;
        }
        if (List.of(args).contains("--idle-sessions")) {
            ServerSessions.main(args);
            return;
        }
        if (List.of(args).contains("--memory")) {
            ServerMemory.main(args);
            return;
        }
        SideBySideOptions options;
        try {
            options = SideBySideOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("warden-bench: " + e.getMessage());
            System.err.println(SideBySideOptions.USAGE);
            System.exit(2);
            return;
        }
        SideBySide bench = new SideBySide(options, new ChildProcesses(),
                new ServerLaunch(options, System.getProperty("java.class.path")));
        System.out.printf("warden-bench: %d CPUs, load average before: %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.printf("warden-bench: %d sessions x %d outstanding, %d B, %d s warmup + %d s measured;"
                        + " server JVM: %s; client JVM: %s%n",
                options.sessions(), options.outstanding(), options.sizeBytes(), options.warmup().toSeconds(),
                options.duration().toSeconds(), String.join(" ", options.serverJvmOptions()),
                String.join(" ", options.clientJvmOptions()));
        List<ResultTable.Outcome> outcomes = new ArrayList<>();
        for (Target target : options.targets()) {
            outcomes.addAll(bench.runTarget(target));
        }
        System.out.printf("warden-bench: load average after: %s%n%n", loadAverage());
        System.out.print(ResultTable.render(outcomes));
        boolean anyFailed = outcomes.stream().anyMatch(o -> o instanceof ResultTable.Outcome.Failed);
        System.exit(anyFailed ? 1 : 0);
    }

    private List<ResultTable.Outcome> runTarget(Target target) throws InterruptedException {
        List<ResultTable.Outcome> outcomes = new ArrayList<>();
        Path workspace = null;
        try {
            workspace = children.tempDir(options.workDir(), "warden-bench-" + target.optionName() + "-");
            int port = ServerLaunch.freeLoopbackPort();
            Path zooCfg = ServerLaunch.writeZooCfg(workspace, port);
            Path logbackXml = ServerLaunch.writeLogbackXml(workspace);
            ServerLaunch.Plan plan = launch.plan(target, zooCfg, logbackXml);
            if (plan instanceof ServerLaunch.Plan.Unavailable u) {
                progress(target, "not started: " + u.reason());
                return failAll(target, "not started: " + u.reason());
            }
            ServerLaunch.Plan.Ready ready = (ServerLaunch.Plan.Ready) plan;
            if (!ready.note().isEmpty()) {
                progress(target, "note: " + ready.note());
            }
            try (ServerProcess server = ServerProcess.start(children, ready.command(), workspace.resolve("server.log"),
                    port)) {
                progress(target, "starting server on 127.0.0.1:" + port + " (pid " + server.pid() + "), data in "
                        + workspace);
                server.awaitReady(SERVER_START_TIMEOUT);
                for (Workload workload : options.workloads()) {
                    outcomes.add(runLoad(target, workload, server, workspace, logbackXml));
                }
                progress(target, "stopping server (pid " + server.pid() + ")");
            }
        } catch (IOException e) {
            progress(target, "failed: " + e.getMessage());
            for (Workload workload : options.workloads()) {
                if (outcomes.stream().noneMatch(o -> o.workload() == workload)) {
                    outcomes.add(new ResultTable.Outcome.Failed(target, workload, firstLine(e.getMessage())));
                }
            }
        } finally {
            if (workspace != null) {
                children.delete(workspace);
            }
        }
        return outcomes;
    }

    private ResultTable.Outcome runLoad(Target target, Workload workload, ServerProcess server, Path workspace,
            Path logbackXml) throws IOException, InterruptedException {
        progress(target, workload.optionName() + ": " + options.warmup().toSeconds() + " s warmup + "
                + options.duration().toSeconds() + " s measured");
        Path out = workspace.resolve("loadgen-" + workload.optionName() + ".out");
        Path err = workspace.resolve("loadgen-" + workload.optionName() + ".err");
        ProcessBuilder builder = new ProcessBuilder(
                launch.loadGeneratorCommand(workload, server.clientPort(), server.pid(), logbackXml))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Process generator = children.start(builder);
        Duration limit = options.warmup().plus(options.duration()).plus(LOAD_RUN_SLACK);
        boolean finished = generator.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (children.shuttingDown()) {
            throw new IOException("interrupted: warden-bench is shutting down");
        }
        if (!finished) {
            children.stop(generator);
            return failed(target, workload, "load generator did not finish within " + limit.toSeconds() + " s", err);
        }
        children.stop(generator);
        if (!server.isAlive()) {
            throw new IOException("server died during " + workload.optionName() + "; log:\n" + server.logTail(30));
        }
        if (generator.exitValue() != 0) {
            return failed(target, workload, "load generator exited with " + generator.exitValue(), err);
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        String json = lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
        if (!json.startsWith("{")) {
            return failed(target, workload, "load generator printed no result", err);
        }
        LoadResult result;
        try {
            result = LoadResult.fromJson(json);
        } catch (IllegalArgumentException e) {
            return failed(target, workload, "unreadable result: " + e.getMessage(), err);
        }
        progress(target, String.format(java.util.Locale.ROOT, "%s: %.0f ops/s, p99 %.0f us, %d errors",
                workload.optionName(), result.opsPerSec(), result.p99Us(), result.errors()));
        return new ResultTable.Outcome.Measured(target, workload, result);
    }

    private static ResultTable.Outcome failed(Target target, Workload workload, String reason, Path stderr)
            throws IOException {
        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        progress(target, workload.optionName() + " failed: " + reason + (tail.isEmpty() ? "" : "\n" + tail));
        return new ResultTable.Outcome.Failed(target, workload, reason);
    }

    private List<ResultTable.Outcome> failAll(Target target, String reason) {
        return options.workloads().stream()
                .<ResultTable.Outcome>map(w -> new ResultTable.Outcome.Failed(target, w, reason)).toList();
    }

    private static void progress(Target target, String message) {
        System.err.println("warden-bench: " + target.optionName() + ": " + message);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "(no message)";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /** The 1, 5 and 15 minute load averages, as uptime shows them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }
}
