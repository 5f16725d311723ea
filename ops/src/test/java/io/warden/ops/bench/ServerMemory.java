package io.warden.ops.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Heap bytes per znode of a whole running server, ZooKeeper and Warden side by side:
 * {@code ops/bin/warden-bench --memory 200000,1000000 [--targets zookeeper,warden]
 * [--server-jvm-opts "..."]}. For each target and count: a fresh server in its own JVM (the same
 * JVM options for both), {@code jcmd <pid> GC.class_histogram} (which runs a full GC first) for
 * the live heap, then N znodes of 100 bytes created through the client port by the stock client
 * ("/bench/p&lt;i mod 1000&gt;/n&lt;i&gt;", persistent, open ACL), all replies awaited, and the
 * histogram again. Bytes per znode = (live after - live before) / N; the 1001 parents are counted
 * in the heap but not in N (0.1 % at 1,000,000). Also prints the server's DataNode instances.
 */
final class ServerMemory {
    private static final int DATA_BYTES = 100;
    private static final int PARENTS = 1000;
    private static final int WINDOW = 2000;
    private static final long REPLY_TIMEOUT_MINUTES = 30;

    private final SideBySideOptions options;
    private final ChildProcesses children;
    private final ServerLaunch launch;

    private ServerMemory(SideBySideOptions options, ChildProcesses children, ServerLaunch launch) {
        this.options = options;
        this.children = children;
        this.launch = launch;
    }

    /** Runs with warden-bench's arguments, {@code --memory N[,N...]} among them. */
    static void main(String[] args) throws InterruptedException {
        List<String> rest = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--memory") && i + 1 < args.length) {
                for (String n : args[++i].split(",")) {
                    counts.add(Integer.parseInt(n.trim().replace("_", "")));
                }
            } else {
                rest.add(args[i]);
            }
        }
        SideBySideOptions options = SideBySideOptions.parse(rest.toArray(String[]::new));
        ServerMemory bench = new ServerMemory(options, new ChildProcesses(),
                new ServerLaunch(options, System.getProperty("java.class.path")));
        System.out.printf("warden-bench --memory: server JVM: %s; load average: %s%n",
                String.join(" ", options.serverJvmOptions()), SideBySide.loadAverage());
        List<String> rows = new ArrayList<>();
        boolean failed = false;
        for (int n : counts) {
            for (Target target : options.targets()) {
                try {
                    rows.add(bench.measure(target, n));
                } catch (IOException | KeeperException | RuntimeException e) {
                    failed = true;
                    rows.add(String.format(Locale.ROOT, "%-10s %10d  failed: %s", target.optionName(), n, e));
                }
            }
        }
        System.out.printf("%n%-10s %10s %14s %14s %12s %14s%n", "target", "znodes", "live before B",
                "live after B", "B/znode", "DataNode objs");
        rows.forEach(System.out::println);
        System.exit(failed ? 1 : 0);
    }

    private String measure(Target target, int znodes) throws IOException, InterruptedException, KeeperException {
        Path workspace = children.tempDir(options.workDir(), "warden-bench-mem-" + target.optionName() + "-");
        try {
            Path logbackXml = ServerLaunch.writeLogbackXml(workspace);
            try (ServerProcess server = launch.startReady(children, target, workspace, logbackXml)) {
                HeapHistogram before = HeapHistogram.of(server.pid());
                fill("127.0.0.1:" + server.clientPort(), znodes);
                HeapHistogram after = HeapHistogram.of(server.pid());
                if (!server.isAlive()) {
                    throw new IOException("server died; log:\n" + server.logTail(30));
                }
                double perZnode = (after.totalBytes() - before.totalBytes()) / (double) znodes;
                System.err.printf(Locale.ROOT, "warden-bench: %s: %d znodes: %.0f B/znode%n", target.optionName(),
                        znodes, perZnode);
                return String.format(Locale.ROOT, "%-10s %10d %14d %14d %12.0f %14d", target.optionName(), znodes,
                        before.totalBytes(), after.totalBytes(), perZnode,
                        after.instances("io.warden.persistence.tree.DataNode")
                                + after.instances("org.apache.zookeeper.server.DataNode"));
            }
        } finally {
            children.delete(workspace);
        }
    }

    /** Creates the parents, then the znodes with at most WINDOW outstanding, and waits for every reply. */
    private static void fill(String connect, int znodes) throws IOException, InterruptedException, KeeperException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, 30_000, event -> {
            if (event.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        try {
            if (!connected.await(60, TimeUnit.SECONDS)) {
                throw new IOException("no session with " + connect);
            }
            byte[] data = new byte[DATA_BYTES];
            zk.create("/bench", data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (int p = 0; p < PARENTS; p++) {
                zk.create("/bench/p" + p, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            Semaphore window = new Semaphore(WINDOW);
            AtomicReference<String> error = new AtomicReference<>();
            for (int i = 0; i < znodes && error.get() == null; i++) {
                window.acquire();
                zk.create("/bench/p" + (i % PARENTS) + "/n" + i, data, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT, (rc, path, ctx, name) -> {
                            if (rc != 0) {
                                error.compareAndSet(null, path + ": " + KeeperException.Code.get(rc));
                            }
                            window.release();
                        }, null);
            }
            if (!window.tryAcquire(WINDOW, REPLY_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IOException("creates not answered within " + REPLY_TIMEOUT_MINUTES + " min");
            }
            if (error.get() != null) {
                throw new IOException("create failed: " + error.get());
            }
        } finally {
            zk.close();
        }
    }
}
