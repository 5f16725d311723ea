package io.warden.ops.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * The client side of the watches bench ({@link ServerWatches}), in a JVM of its own. Protocol
 * on stdin/stdout, one JSON line per step:
 * <pre>
 *   (start)  -> creates /w, 100 parents /w/p&lt;j&gt; and the znodes /w/p&lt;j&gt;/n&lt;k&gt; plus /w/hot,
 *               opens the sessions                                   -> {"event":"open"}
 *   watch    -> each session i leaves its watches                    -> {"event":"watched","watches":W,"ms":T}
 *   fire     -> one setData of /w/hot, which every session watches (once: data watches are one-shot)
 *                                                                    -> {"event":"fired","events":N,"ms":T}
 *   exit
 * </pre>
 * Session i's watches: one persistent recursive watch on parent {@code i mod 100}, one child
 * watch on the next parent, a data watch on /w/hot, and data watches on the rest of its share
 * of znodes (znode {@code (i * share + m) mod znodes}), so every znode is watched by about
 * {@code sessions * share / znodes} sessions.
 */
public final class WatchHolder {
    private static final int PARENTS = 100;
    private static final int WINDOW = 2000;
    private static final long TIMEOUT_S = 1800;

    private final List<ZooKeeper> sessions = new ArrayList<>();
    private final AtomicInteger hotEvents = new AtomicInteger();
    private volatile CountDownLatch allHot;

    public static void main(String[] args) throws Exception {
        CommandLine cl = CommandLine.parse(args, Set.of("connect", "sessions", "znodes", "watches-per-session"), Set.of());
        String connect = cl.string("connect", null);
        int sessions = cl.integer("sessions", 1000, 1, 100_000);
        int znodes = cl.integer("znodes", 100_000, PARENTS, 10_000_000);
        int perSession = cl.integer("watches-per-session", 1000, 4, 1_000_000);
        new WatchHolder().run(connect, sessions, znodes, perSession);
    }

    private void run(String connect, int sessionCount, int znodes, int perSession) throws Exception {
        ZooKeeper admin = connectOne(connect, event -> { });
        createTree(admin, znodes);
        for (int i = 0; i < sessionCount; i++) {
            sessions.add(connectOne(connect, this::onEvent));
        }
        say("{\"event\":\"open\"}");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
            if (line.equals("watch")) {
                long start = System.nanoTime();
                long watches = watchAll(znodes, perSession);
                say("{\"event\":\"watched\",\"watches\":%d,\"ms\":%d}", watches, (System.nanoTime() - start) / 1_000_000);
            } else if (line.equals("fire")) {
                allHot = new CountDownLatch(sessionCount);
                hotEvents.set(0);
                long start = System.nanoTime();
                admin.setData("/w/hot", new byte[] {2}, -1);
                boolean all = allHot.await(TIMEOUT_S, TimeUnit.SECONDS);
                say("{\"event\":\"fired\",\"events\":%d,\"ms\":%.1f,\"complete\":%d}", hotEvents.get(),
                        (System.nanoTime() - start) / 1e6, all ? 1 : 0);
            }
        }
        // The sessions are left to the server, which is stopped next.
        Runtime.getRuntime().halt(0);
    }

    private void onEvent(WatchedEvent event) {
        if (event.getType() == Watcher.Event.EventType.NodeDataChanged && "/w/hot".equals(event.getPath())) {
            hotEvents.incrementAndGet();
            CountDownLatch latch = allHot;
            if (latch != null) {
                latch.countDown();
            }
        }
    }

    private static ZooKeeper connectOne(String connect, Watcher watcher) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, 30_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
            watcher.process(event);
        });
        if (!connected.await(1, TimeUnit.MINUTES)) {
            throw new IOException("no session with " + connect);
        }
        return zk;
    }

    private static void createTree(ZooKeeper admin, int znodes) throws Exception {
        admin.create("/w", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        admin.create("/w/hot", new byte[] {1}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int p = 0; p < PARENTS; p++) {
            admin.create("/w/p" + p, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        Window window = new Window();
        for (int n = 0; n < znodes; n++) {
            window.acquire();
            admin.create(znode(n), new byte[10], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                    (rc, path, ctx, name) -> window.done(rc, path), null);
        }
        window.awaitAll();
    }

    private long watchAll(int znodes, int perSession) throws Exception {
        Window window = new Window();
        long watches = 0;
        for (int i = 0; i < sessions.size(); i++) {
            ZooKeeper zk = sessions.get(i);
            window.acquire();
            zk.addWatch("/w/p" + (i % PARENTS), AddWatchMode.PERSISTENT_RECURSIVE, (rc, path, ctx) -> window.done(rc, path), null);
            window.acquire();
            zk.getChildren("/w/p" + ((i + 1) % PARENTS), true, (rc, path, ctx, children) -> window.done(rc, path), null);
            window.acquire();
            zk.getData("/w/hot", true, (rc, path, ctx, data, stat) -> window.done(rc, path), null);
            watches += 3;
            for (int m = 0; m < perSession - 3; m++) {
                window.acquire();
                zk.getData(znode((int) (((long) i * (perSession - 3) + m) % znodes)), true,
                        (rc, path, ctx, data, stat) -> window.done(rc, path), null);
                watches++;
            }
        }
        window.awaitAll();
        return watches;
    }

    private static String znode(int n) {
        return "/w/p" + (n % PARENTS) + "/n" + n;
    }

    /** At most WINDOW requests outstanding; the first error is kept and fails the run. */
    private static final class Window {
        private final Semaphore permits = new Semaphore(WINDOW);
        private final AtomicReference<String> error = new AtomicReference<>();

        void acquire() throws InterruptedException, IOException {
            permits.acquire();
            if (error.get() != null) {
                throw new IOException(error.get());
            }
        }

        void done(int rc, String path) {
            if (rc != 0) {
                error.compareAndSet(null, path + ": " + KeeperException.Code.get(rc));
            }
            permits.release();
        }

        void awaitAll() throws InterruptedException, IOException {
            if (!permits.tryAcquire(WINDOW, TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new IOException("requests not answered within " + TIMEOUT_S + " s");
            }
            permits.release(WINDOW);
            if (error.get() != null) {
                throw new IOException(error.get());
            }
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
