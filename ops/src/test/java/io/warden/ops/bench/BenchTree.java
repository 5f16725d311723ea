package io.warden.ops.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * The znodes a run works on, all under one run-specific path so concurrent or aborted runs
 * never touch each other's nodes:
 * <pre>
 *   /warden-bench/run-PID-NONCE/s{session}/n{index}    pre-created, payload-sized
 *   /warden-bench/run-PID-NONCE/s{session}/c-NNNNNNNNNN ephemeral sequential (create workload)
 * </pre>
 */
final class BenchTree {
    static final String ROOT = "/warden-bench";
    /** Setup requests in flight at once: keeps the client's outgoing queue bounded. */
    private static final int SETUP_IN_FLIGHT = 512;
    private static final long SETUP_TIMEOUT_SECONDS = 120;

    private final String runPath;
    private final int sessions;

    BenchTree(String runPath, int sessions) {
        if (!runPath.startsWith(ROOT + "/")) {
            throw new IllegalArgumentException("run path must be under " + ROOT + ": " + runPath);
        }
        this.runPath = runPath;
        this.sessions = sessions;
    }

    static BenchTree forThisProcess(int sessions) {
        return new BenchTree(ROOT + "/run-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime()), sessions);
    }

    String sessionPath(int session) {
        return runPath + "/s" + session;
    }

    String createPrefix(int session) {
        return sessionPath(session) + "/c-";
    }

    /** Creates the tree and returns each session's pre-created znodes. */
    List<List<String>> create(ZooKeeper admin, int znodesPerSession, byte[] payload)
            throws KeeperException, InterruptedException {
        try {
            admin.create(ROOT, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // Left by an earlier run, or made by a concurrent one: both fine.
        }
        admin.create(runPath, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        List<List<String>> znodes = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            all.add(sessionPath(s));
            List<String> mine = new ArrayList<>();
            for (int n = 0; n < znodesPerSession; n++) {
                mine.add(sessionPath(s) + "/n" + n);
            }
            znodes.add(List.copyOf(mine));
            all.addAll(mine);
        }
        createAll(admin, all, payload);
        return List.copyOf(znodes);
    }

    /** Parents come before their children in {@code paths}; one session keeps them in order. */
    private static void createAll(ZooKeeper admin, List<String> paths, byte[] payload)
            throws KeeperException, InterruptedException {
        Semaphore inFlight = new Semaphore(SETUP_IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(paths.size());
        AtomicReference<String> failure = new AtomicReference<>();
        for (String path : paths) {
            if (!inFlight.tryAcquire(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("setup stalled creating " + path);
            }
            admin.create(path, payload, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, ctx, name) -> {
                if (rc != KeeperException.Code.OK.intValue()) {
                    failure.compareAndSet(null, p + ": " + KeeperException.Code.get(rc));
                }
                inFlight.release();
                done.countDown();
            }, null);
        }
        if (!done.await(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("setup did not finish in " + SETUP_TIMEOUT_SECONDS + " s");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("setup failed creating " + failure.get());
        }
    }

    /**
     * Deletes the run's nodes, and the root if no other run is using it. Call after the load
     * sessions closed, so their ephemeral nodes are gone already.
     */
    void delete(ZooKeeper admin) throws KeeperException, InterruptedException {
        ZKUtil.deleteRecursive(admin, runPath, 1000);
        try {
            admin.delete(ROOT, -1);
        } catch (KeeperException.NotEmptyException | KeeperException.NoNodeException e) {
            // Another run still works under the root, or it already removed it.
        }
    }
}
