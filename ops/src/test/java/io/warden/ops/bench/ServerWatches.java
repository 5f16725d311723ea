package io.warden.ops.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What watches cost a whole running server, ZooKeeper and Warden side by side:
 * {@code ops/bin/warden-bench --watches 1000 [--watch-znodes 100000] [--watches-per-session 1000]
 * [--targets zookeeper,warden]}. For each target: a fresh server; a {@link WatchHolder} JVM
 * creates the znodes and opens the sessions; the live heap ({@code jcmd GC.class_histogram},
 * full GC first); every session leaves its watches (data, child and persistent recursive); the
 * live heap again, so bytes per watch = growth / watches; then one setData of a znode every
 * session watches, timed from the call to the last session's event.
 */
final class ServerWatches {
    /** One: the data watches on /w/hot are one-shot, so the first write consumes them. */
    private static final int FIRES = 1;

    private final SideBySideOptions options;
    private final ChildProcesses children = new ChildProcesses();
    private final ServerLaunch launch;
    private final List<String> holderArgs;

    private ServerWatches(SideBySideOptions options, List<String> holderArgs) {
        this.options = options;
        this.launch = new ServerLaunch(options, System.getProperty("java.class.path"));
        this.holderArgs = holderArgs;
    }

    static void main(String[] args) throws InterruptedException {
        List<String> rest = new ArrayList<>();
        List<String> holderArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--watches" -> holderArgs.addAll(List.of("--sessions", args[++i].replace("_", "")));
                case "--watch-znodes" -> holderArgs.addAll(List.of("--znodes", args[++i].replace("_", "")));
                case "--watches-per-session" -> holderArgs.addAll(List.of("--watches-per-session", args[++i]));
                default -> rest.add(args[i]);
            }
        }
        SideBySideOptions options = SideBySideOptions.parse(rest.toArray(String[]::new));
        ServerWatches bench = new ServerWatches(options, holderArgs);
        System.out.printf("warden-bench --watches %s; server JVM: %s; load average: %s%n", holderArgs,
                String.join(" ", options.serverJvmOptions()), SideBySide.loadAverage());
        List<String> rows = new ArrayList<>();
        boolean failed = false;
        for (Target target : options.targets()) {
            try {
                rows.add(bench.measure(target));
            } catch (IOException | RuntimeException e) {
                failed = true;
                rows.add(String.format(Locale.ROOT, "%-10s failed: %s", target.optionName(), e.getMessage()));
            }
        }
        System.out.printf("load average after: %s%n%n%-10s %10s %10s %12s %s%n", SideBySide.loadAverage(), "target",
                "watches", "B/watch", "watch ms", "write -> last of N events, ms (N)");
        rows.forEach(System.out::println);
        System.exit(failed ? 1 : 0);
    }

    private String measure(Target target) throws IOException, InterruptedException {
        Path workspace = children.tempDir(options.workDir(), "warden-bench-watches-" + target.optionName() + "-");
        try {
            Path logbackXml = ServerLaunch.writeLogbackXml(workspace);
            try (ServerProcess server = launch.startReady(children, target, workspace, logbackXml)) {
                List<String> args = new ArrayList<>(List.of("--connect", "127.0.0.1:" + server.clientPort()));
                args.addAll(holderArgs);
                try (HolderProcess holder = HolderProcess.start("watch holder", children, launch, WatchHolder.class,
                        logbackXml, args, workspace)) {
                    progress(target, "creating znodes and opening sessions");
                    holder.expect("open");
                    HeapHistogram before = HeapHistogram.of(server.pid());
                    progress(target, "watching");
                    holder.send("watch");
                    Map<String, Object> watched = holder.expect("watched");
                    long watches = ((Number) watched.get("watches")).longValue();
                    HeapHistogram after = HeapHistogram.of(server.pid());
                    double perWatch = (after.totalBytes() - before.totalBytes()) / (double) watches;
                    progress(target, String.format(Locale.ROOT, "%.1f B/watch; classes that grew most (per watch):%n%s",
                            perWatch, String.join("\n", after.topGrowth(before, (int) watches, 12))));
                    List<String> fires = new ArrayList<>();
                    for (int f = 0; f < FIRES; f++) {
                        holder.send("fire");
                        Map<String, Object> fired = holder.expect("fired");
                        fires.add(String.format(Locale.ROOT, "%.1f (%d)", ((Number) fired.get("ms")).doubleValue(),
                                ((Number) fired.get("events")).longValue()));
                    }
                    holder.send("exit");
                    if (!server.isAlive()) {
                        throw new IOException("server died; log:\n" + server.logTail(30));
                    }
                    return String.format(Locale.ROOT, "%-10s %10d %10.1f %12d %s", target.optionName(), watches,
                            perWatch, ((Number) watched.get("ms")).longValue(), String.join(", ", fires));
                }
            }
        } finally {
            children.delete(workspace);
        }
    }

    private static void progress(Target target, String message) {
        System.err.println("warden-bench: " + target.optionName() + ": " + message);
    }
}
