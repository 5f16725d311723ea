package io.warden.ops.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/**
 * Drives a ZooKeeper-protocol server with the stock Apache ZooKeeper client: N sessions, each
 * keeping M async requests in flight, for a warmup and then a measured window; reports
 * throughput, latency percentiles, errors and CPU per operation of the client and (with
 * {@code --server-pid}) of the server. See {@link LoadOptions#USAGE}.
 */
public final class LoadGenerator {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** Fixed so every run sends the same bytes; the content does not matter to the server. */
    private static final long PAYLOAD_SEED = 0x5EEDL;

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
            options.checkLoopback();
        } catch (IllegalArgumentException e) {
            System.err.println("LoadGenerator: " + e.getMessage());
            System.err.println(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        LoadResult result = run(options);
        System.out.println(options.json() ? result.toJson()
                : result.toHumanSummary(options.warmup().toMillis() / 1000.0));
        // The client's threads must not keep a finished run alive.
        System.exit(0);
    }

    /** Runs the load described by {@code options}; blocks for warmup + duration + drain. */
    static LoadResult run(LoadOptions options) throws IOException, InterruptedException, KeeperException {
        options.checkLoopback();
        ProcessCpu cpu = ProcessCpu.fromSystem();
        byte[] payload = new byte[options.sizeBytes()];
        new SplittableRandom(PAYLOAD_SEED).nextBytes(payload);
        BenchTree tree = BenchTree.forThisProcess(options.sessions());
        ZooKeeper admin = connect(options, "admin");
        try {
            List<List<String>> znodes = tree.create(admin, options.znodesPerSession(), payload);
            List<ZooKeeper> sessions = connectAll(options);
            try {
                return measure(options, cpu, tree, znodes, sessions, payload);
            } finally {
                for (ZooKeeper zk : sessions) {
                    zk.close();
                }
                tree.delete(admin);
            }
        } finally {
            admin.close();
        }
    }

    private static LoadResult measure(LoadOptions options, ProcessCpu cpu, BenchTree tree,
            List<List<String>> znodes, List<ZooKeeper> sessions, byte[] payload) throws InterruptedException {
        long startNanos = System.nanoTime() + options.warmup().toNanos();
        MeasuredWindow window = new MeasuredWindow(startNanos, startNanos + options.duration().toNanos());
        List<SessionDriver> drivers = new ArrayList<>();
        for (int s = 0; s < sessions.size(); s++) {
            drivers.add(new SessionDriver(sessions.get(s), options, znodes.get(s), tree.createPrefix(s), payload,
                    window, s));
        }
        AtomicReference<Throwable> driverFailure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < drivers.size(); s++) {
            SessionDriver driver = drivers.get(s);
            Thread t = new Thread(() -> {
                try {
                    driver.drive();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException | Error e) {
                    driverFailure.compareAndSet(null, e);
                }
            }, "bench-driver-" + s);
            threads.add(t);
            t.start();
        }
        sleepUntil(window.startNanos());
        long clientCpuStart = ProcessCpu.selfNanos();
        OptionalLong serverCpuStart = serverCpu(options, cpu);
        sleepUntil(window.endNanos());
        long clientCpuEnd = ProcessCpu.selfNanos();
        OptionalLong serverCpuEnd = serverCpu(options, cpu);
        for (Thread t : threads) {
            t.join();
        }
        if (driverFailure.get() != null) {
            throw new IllegalStateException("a session driver failed", driverFailure.get());
        }
        LatencyHistogram all = new LatencyHistogram();
        Map<KeeperException.Code, Long> errorsByCode = new EnumMap<>(KeeperException.Code.class);
        long errors = 0;
        long unfinished = 0;
        for (SessionDriver driver : drivers) {
            if (!driver.drain(DRAIN_TIMEOUT)) {
                // Its histogram may still be written by a late callback: leave it out.
                unfinished += driver.unanswered();
                continue;
            }
            all.add(driver.histogram());
            errors += driver.errors();
            driver.errorsByCode().forEach((code, n) -> errorsByCode.merge(code, n, Long::sum));
        }
        long ops = all.count();
        double serverCpuNanos = serverCpuStart.isPresent() && serverCpuEnd.isPresent()
                ? serverCpuEnd.getAsLong() - serverCpuStart.getAsLong() : Double.NaN;
        return new LoadResult(options.workload().optionName(), options.sessions(), options.outstanding(),
                options.sizeBytes(), window.seconds(), ops, errors,
                errorsByCode.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",")),
                unfinished, ops / window.seconds(), all.mean() / 1e3,
                all.percentile(50) / 1e3, all.percentile(99) / 1e3, all.percentile(99.9) / 1e3, all.max() / 1e3,
                perOpMicros(clientCpuEnd - clientCpuStart, ops), perOpMicros(serverCpuNanos, ops));
    }

    private static double perOpMicros(double cpuNanos, long ops) {
        return ops == 0 ? Double.NaN : cpuNanos / 1e3 / ops;
    }

    private static OptionalLong serverCpu(LoadOptions options, ProcessCpu cpu) {
        return options.serverPid().isPresent() ? cpu.treeNanos(options.serverPid().getAsLong()) : OptionalLong.empty();
    }

    private static void sleepUntil(long deadlineNanos) throws InterruptedException {
        for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** Opens every session first and then waits for all, so the handshakes overlap. */
    private static List<ZooKeeper> connectAll(LoadOptions options) throws IOException, InterruptedException {
        List<ZooKeeper> sessions = new ArrayList<>();
        List<CountDownLatch> connected = new ArrayList<>();
        try {
            for (int s = 0; s < options.sessions(); s++) {
                CountDownLatch latch = new CountDownLatch(1);
                sessions.add(newSession(options, "s" + s, latch));
                connected.add(latch);
            }
            long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
            for (CountDownLatch latch : connected) {
                if (!latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    throw new IOException("sessions did not connect to " + options.connect() + " within "
                            + CONNECT_TIMEOUT.toSeconds() + " s");
                }
            }
            return sessions;
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (ZooKeeper zk : sessions) {
                zk.close();
            }
            throw e;
        }
    }

    private static ZooKeeper connect(LoadOptions options, String name) throws IOException, InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        ZooKeeper zk = newSession(options, name, latch);
        if (!latch.await(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            zk.close();
            throw new IOException("could not connect to " + options.connect() + " within "
                    + CONNECT_TIMEOUT.toSeconds() + " s");
        }
        return zk;
    }

    private static ZooKeeper newSession(LoadOptions options, String name, CountDownLatch connected)
            throws IOException {
        return new ZooKeeper(options.connect(), options.sessionTimeoutMs(), event -> {
            KeeperState state = event.getState();
            if (state == KeeperState.SyncConnected) {
                connected.countDown();
            } else if (state == KeeperState.Disconnected || state == KeeperState.Expired) {
                // Shows in the errors too, but the state change says why they happened.
                System.err.println("LoadGenerator: session " + name + " " + state);
            }
        });
    }
}
