package io.warden.ops.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * What idle sessions cost a whole running server, ZooKeeper and Warden side by side:
 * {@code ops/bin/warden-bench --idle-sessions 2000 [--in-flight 200] [--idle 30s] [--storm]
 * [--targets zookeeper,warden]}. For each target: a fresh server in its own JVM, the live heap
 * from {@code jcmd GC.class_histogram} (full GC first), then a {@link SessionHolder} JVM opens N
 * sessions of the stock client ({@code --in-flight} connecting at once; 30 s session timeout),
 * each with one ephemeral znode and one data watch on it; the live heap again; then the
 * server's CPU over {@code --idle} while the sessions only ping. With {@code --storm}, every
 * connection is then cut at once by a proxy in the holder JVM and the time until every session
 * is connected again is measured, and every ephemeral checked; meanwhile one more session,
 * connected straight to the server, reads in a loop (p99 and max of those reads). Prints one table, and to stderr
 * the classes whose instances grew most per session.
 */
final class ServerSessions {
    private final SideBySideOptions options;
    private final ChildProcesses children;
    private final ServerLaunch launch;
    private final int sessions;
    private final int inFlight;
    private final Duration idle;
    private final boolean storm;

    private ServerSessions(SideBySideOptions options, int sessions, int inFlight, Duration idle, boolean storm) {
        this.options = options;
        this.children = new ChildProcesses();
        this.launch = new ServerLaunch(options, System.getProperty("java.class.path"));
        this.sessions = sessions;
        this.inFlight = inFlight;
        this.idle = idle;
        this.storm = storm;
    }

    /** A measured target: heap, connect rate, idle CPU, and the storm's figures (-1 when not run). */
    record Row(Target target, int sessions, double bytesPerSession, double connectsPerSec, double idleCpuPercent,
               long stormMs, long lost, long expired, long stormReadP99Us, long stormReadMaxUs, String problem) {}

    static void main(String[] args) throws InterruptedException {
        List<String> rest = new ArrayList<>();
        int sessions = 2000;
        int inFlight = 200;
        Duration idle = Duration.ofSeconds(30);
        boolean storm = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--idle-sessions" -> sessions = Integer.parseInt(args[++i].replace("_", ""));
                case "--in-flight" -> inFlight = Integer.parseInt(args[++i]);
                case "--idle" -> idle = CommandLine.parseDuration("idle", args[++i]);
                case "--storm" -> storm = true;
                default -> rest.add(args[i]);
            }
        }
        SideBySideOptions options = SideBySideOptions.parse(rest.toArray(String[]::new));
        ServerSessions bench = new ServerSessions(options, sessions, inFlight, idle, storm);
        System.out.printf("warden-bench --idle-sessions %d: %d connecting at once, %d s idle; server JVM: %s;"
                        + " client JVM: %s; %d CPUs, load average: %s%n", sessions, inFlight, idle.toSeconds(),
                String.join(" ", options.serverJvmOptions()), String.join(" ", options.clientJvmOptions()),
                Runtime.getRuntime().availableProcessors(), SideBySide.loadAverage());
        List<Row> rows = new ArrayList<>();
        for (Target target : options.targets()) {
            rows.add(bench.measure(target));
        }
        System.out.printf("load average after: %s%n%n", SideBySide.loadAverage());
        System.out.print(render(rows));
        System.exit(rows.stream().anyMatch(r -> r.problem() != null) ? 1 : 0);
    }

    private Row measure(Target target) throws InterruptedException {
        Path workspace = null;
        try {
            workspace = children.tempDir(options.workDir(), "warden-bench-sessions-" + target.optionName() + "-");
            Path logbackXml = ServerLaunch.writeLogbackXml(workspace);
            try (ServerProcess server = launch.startReady(children, target, workspace, logbackXml)) {
                return measure(target, server, workspace, logbackXml);
            }
        } catch (IOException | RuntimeException e) {
            progress(target, "failed: " + e.getMessage());
            return new Row(target, sessions, 0, 0, 0, -1, 0, 0, -1, -1, String.valueOf(e.getMessage()));
        } finally {
            if (workspace != null) {
                children.delete(workspace);
            }
        }
    }

    private Row measure(Target target, ServerProcess server, Path workspace, Path logbackXml)
            throws IOException, InterruptedException {
        HeapHistogram before = HeapHistogram.of(server.pid());
        List<String> args = new ArrayList<>(List.of("--connect", "127.0.0.1:" + server.clientPort(),
                "--sessions", Integer.toString(sessions), "--in-flight", Integer.toString(inFlight)));
        if (storm) {
            args.add("--via-proxy");
        }
        try (HolderProcess holder = HolderProcess.start("session holder", children, launch, SessionHolder.class,
                logbackXml, args, workspace)) {
            progress(target, "opening " + sessions + " sessions");
            Map<String, Object> connected = holder.expect("connected");
            double connectMs = ((Number) connected.get("connectMs")).doubleValue();
            holder.expect("ready");
            HeapHistogram after = HeapHistogram.of(server.pid());
            double perSession = (after.totalBytes() - before.totalBytes()) / (double) sessions;
            progress(target, String.format(Locale.ROOT, "%.0f B/session, %.0f connects/s; classes that grew most"
                    + " (instances and bytes per session):%n%s", perSession, sessions * 1000 / connectMs,
                    String.join("\n", after.topGrowth(before, sessions, 25))));
            double cpuPercent = idleCpuPercent(server.pid());
            holder.send("status");
            Map<String, Object> status = holder.expect("status");
            long expired = ((Number) status.get("expired")).longValue();
            String problem = ((Number) status.get("connected")).intValue() == sessions && expired == 0 ? null
                    : "after the idle window: " + status;
            long stormMs = -1;
            long lost = 0;
            long readP99Us = -1;
            long readMaxUs = -1;
            if (storm && problem == null) {
                progress(target, "cutting every connection");
                holder.send("cut");
                Map<String, Object> reconnected = holder.expect("reconnected");
                stormMs = ((Number) reconnected.get("ms")).longValue();
                lost = ((Number) reconnected.get("lost")).longValue();
                expired = ((Number) reconnected.get("expired")).longValue();
                readP99Us = ((Number) reconnected.get("readP99Us")).longValue();
                readMaxUs = ((Number) reconnected.get("readMaxUs")).longValue();
                progress(target, "storm: " + reconnected);
                if (lost != 0 || expired != 0 || ((Number) reconnected.get("complete")).intValue() != 1) {
                    problem = "after the storm: " + reconnected;
                }
            }
            holder.send("exit");
            if (!server.isAlive()) {
                throw new IOException("server died; log:\n" + server.logTail(30));
            }
            return new Row(target, sessions, perSession, sessions * 1000 / connectMs, cpuPercent, stormMs, lost,
                    expired, readP99Us, readMaxUs, problem);
        }
    }

    /** The server's CPU over the idle window, as a percentage of one core. */
    private double idleCpuPercent(long pid) throws InterruptedException, IOException {
        ProcessCpu cpu = ProcessCpu.fromSystem();
        OptionalLong start = cpu.treeNanos(pid);
        long t0 = System.nanoTime();
        // The window is the measurement: there is nothing to wait for but time.
        TimeUnit.MILLISECONDS.sleep(idle.toMillis());
        OptionalLong end = cpu.treeNanos(pid);
        long elapsed = System.nanoTime() - t0;
        if (start.isEmpty() || end.isEmpty()) {
            throw new IOException("server CPU time unreadable (/proc/" + pid + "/stat)");
        }
        return 100.0 * (end.getAsLong() - start.getAsLong()) / elapsed;
    }

    static String render(List<Row> rows) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%-10s %9s %12s %12s %11s %10s %6s %8s %15s %15s%n", "target", "sessions", "B/session", "connects/s",
                "idle CPU %", "storm ms", "lost", "expired", "storm read p99", "storm read max"));
        for (Row r : rows) {
            if (r.problem() != null && r.connectsPerSec() == 0) {
                table.append(String.format(Locale.ROOT, "%-10s %9d  failed: %s%n", r.target().optionName(),
                        r.sessions(), r.problem()));
                continue;
            }
            table.append(String.format(Locale.ROOT, "%-10s %9d %12.0f %12.0f %11.1f %10s %6d %8d %15s %15s%s%n",
                    r.target().optionName(), r.sessions(), r.bytesPerSession(), r.connectsPerSec(),
                    r.idleCpuPercent(), r.stormMs() < 0 ? "-" : Long.toString(r.stormMs()), r.lost(), r.expired(),
                    micros(r.stormReadP99Us()), micros(r.stormReadMaxUs()),
                    r.problem() == null ? "" : "  PROBLEM: " + r.problem()));
        }
        return table.toString();
    }

    private static String micros(long us) {
        return us < 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", us / 1000.0);
    }

    private static void progress(Target target, String message) {
        System.err.println("warden-bench: " + target.optionName() + ": " + message);
    }
}
