package io.warden.client;

import io.warden.api.client.WardenClient;
import io.warden.api.data.CreateMode;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.ServerUnderTest;
import io.warden.compat.harness.Target;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.zookeeper.ZooKeeper;

/**
 * WardenClient against the stock ZooKeeper client on the same server with the same load: a
 * window of {@code window} asynchronous requests kept outstanding, {@code ops} of them, 64-byte
 * setData or getData on one node. Prints ops/s, p50/p99 latency and process CPU per op. A
 * program, not a test: run by hand (see docs/client.md), numbers go in docs and notes.
 *
 * <p>Usage: {@code ClientBenchmark [zookeeper|warden] [ops] [window]}, or through Maven:
 * {@code mvn -pl actors -am test -Dtest=ClientBenchmarkRun -Dwarden.bench=warden,50000,64
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
public final class ClientBenchmark {
    private static final byte[] DATA = new byte[64];

    public static void main(String[] args) throws Exception {
        Target target = Target.valueOf((args.length > 0 ? args[0] : "warden").toUpperCase());
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        Path dir = Files.createTempDirectory("client-bench-");
        try (ServerUnderTest server = target.create(ServerSettings.defaults(), dir)) {
            server.start();
            String connect = server.connectString();
            for (int round = 0; round < 3; round++) { // round 0 warms up both clients
                for (String op : new String[] {"setData", "getData"}) {
                    report(round, target, "WardenClient", op, warden(connect, op, ops, window));
                    report(round, target, "ZooKeeper", op, zookeeper(connect, op, ops, window));
                }
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    record Result(long[] latenciesNanos, long elapsedNanos, long cpuNanos) {}

    private static void report(int round, Target target, String client, String op, Result r) {
        if (round == 0) {
            return;
        }
        long[] l = r.latenciesNanos();
        Arrays.sort(l);
        double seconds = r.elapsedNanos() / 1e9;
        System.out.printf("%-9s %-12s %-7s ops/s=%8.0f p50=%6.2fms p99=%6.2fms cpu/op=%5.1fus (process, incl. server)%n",
                target, client, op, l.length / seconds, l[l.length / 2] / 1e6, l[(int) (l.length * 0.99)] / 1e6,
                r.cpuNanos() / 1e3 / l.length);
    }

    private static Result warden(String connect, String op, int ops, int window) throws Exception {
        try (WardenClient c = WardenClient.builder(connect).sessionTimeout(Duration.ofSeconds(30)).build()) {
            c.connected().toCompletableFuture().get(30, TimeUnit.SECONDS);
            String path = "/bench-w-" + System.nanoTime();
            c.create(path, DATA, CreateMode.PERSISTENT).toCompletableFuture().get();
            return run(ops, window, (i, done) -> {
                var stage = op.equals("setData") ? c.setData(path, DATA, -1) : c.getData(path);
                stage.whenComplete((r, e) -> done.run());
            });
        }
    }

    private static Result zookeeper(String connect, String op, int ops, int window) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, 30_000, e -> {
            if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        try {
            connected.await(30, TimeUnit.SECONDS);
            String path = "/bench-z-" + System.nanoTime();
            zk.create(path, DATA, org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    org.apache.zookeeper.CreateMode.PERSISTENT);
            return run(ops, window, (i, done) -> {
                if (op.equals("setData")) {
                    zk.setData(path, DATA, -1, (rc, p, ctx, stat) -> done.run(), null);
                } else {
                    zk.getData(path, false, (rc, p, ctx, data, stat) -> done.run(), null);
                }
            });
        } finally {
            zk.close();
        }
    }

    private static Result run(int ops, int window, BiConsumer<Integer, Runnable> issue) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] latencies = new long[ops];
        Semaphore permits = new Semaphore(window);
        CountDownLatch all = new CountDownLatch(ops);
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            permits.acquire();
            int index = i;
            long start = System.nanoTime();
            issue.accept(i, () -> {
                latencies[index] = System.nanoTime() - start;
                permits.release();
                all.countDown();
            });
        }
        all.await();
        return new Result(latencies, System.nanoTime() - t0, os.getProcessCpuTime() - cpu0);
    }
}
