package io.warden.ops.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Many idle sessions of the stock ZooKeeper client against one server: each connects, creates
 * one ephemeral znode {@code <root>/s<i>} and leaves one data watch on it, then only pings.
 * Used by the sessions bench ({@link SessionHolder}) and by the mass-reconnect test. Connects
 * run with a bounded number in flight (a connect is in flight from {@code new ZooKeeper} to its
 * first SyncConnected), the set-up with a bounded window of requests.
 */
public final class SessionFleet implements AutoCloseable {
    private static final int SETUP_WINDOW = 2000;
    private static final int CLOSERS = 64;

    private final String connect;
    private final int timeoutMs;
    private final String root;
    private final List<Member> members = new ArrayList<>();
    /** SyncConnected events seen, over all members and all reconnects. */
    private final AtomicInteger syncConnected = new AtomicInteger();
    private final AtomicInteger expired = new AtomicInteger();
    private final AtomicInteger disconnects = new AtomicInteger();

    /** @param root the parent of the ephemerals, created persistent by {@link #setUp()} */
    public SessionFleet(String connect, int timeoutMs, String root) {
        this.connect = connect;
        this.timeoutMs = timeoutMs;
        this.root = root;
    }

    /** Opens {@code sessions} sessions, at most {@code inFlight} connecting at once; returns the time taken in ns. */
    public long connect(int sessions, int inFlight, long timeoutSeconds) throws IOException, InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        long start = System.nanoTime();
        for (int i = 0; i < sessions; i++) {
            permits.acquire();
            Member member = new Member(permits);
            members.add(member);
            member.zk = new ZooKeeper(connect, timeoutMs, member);
        }
        if (!permits.tryAcquire(inFlight, timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IOException("not every session connected within " + timeoutSeconds + " s: "
                    + syncConnected.get() + " of " + sessions);
        }
        long elapsed = System.nanoTime() - start;
        permits.release(inFlight);
        return elapsed;
    }

    /** Creates the root, then each member's ephemeral and a data watch on it; waits for every reply. */
    public void setUp(long timeoutSeconds) throws IOException, InterruptedException, KeeperException {
        ZooKeeper first = members.get(0).zk;
        if (first.exists(root, false) == null) {
            first.create(root, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        Semaphore window = new Semaphore(SETUP_WINDOW);
        AtomicReference<String> error = new AtomicReference<>();
        for (int i = 0; i < members.size() && error.get() == null; i++) {
            Member member = members.get(i);
            window.acquire();
            String path = root + "/s" + i;
            member.zk.create(path, new byte[] {1}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL,
                    (rc, p, ctx, name) -> {
                        if (rc != 0) {
                            error.compareAndSet(null, "create " + p + ": " + KeeperException.Code.get(rc));
                            window.release();
                            return;
                        }
                        member.zk.getData(p, member, (rc2, p2, ctx2, data, stat) -> {
                            if (rc2 != 0) {
                                error.compareAndSet(null, "getData " + p2 + ": " + KeeperException.Code.get(rc2));
                            }
                            window.release();
                        }, null);
                    }, null);
        }
        if (!window.tryAcquire(SETUP_WINDOW, timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IOException("set-up requests not answered within " + timeoutSeconds + " s");
        }
        window.release(SETUP_WINDOW);
        if (error.get() != null) {
            throw new IOException("set-up failed: " + error.get());
        }
    }

    /** The parent of the members' ephemerals. */
    public String root() {
        return root;
    }

    /** SyncConnected events so far: one per member after connecting, two per member after one reconnect of all. */
    public int syncConnectedEvents() {
        return syncConnected.get();
    }

    /**
     * Waits until {@link #syncConnectedEvents()} reaches {@code total}, or falls short by no more
     * than the sessions that expired (an expired session never connects again); false on timeout.
     */
    public boolean awaitSyncConnectedEvents(int total, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        synchronized (syncConnected) {
            while (syncConnected.get() + expired.get() < total) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(syncConnected, left);
            }
        }
        return true;
    }

    public int expiredEvents() {
        return expired.get();
    }

    public int disconnectEvents() {
        return disconnects.get();
    }

    /** Members whose client says it is connected now. */
    public int connectedNow() {
        int n = 0;
        for (Member member : members) {
            if (member.zk.getState() == ZooKeeper.States.CONNECTED) {
                n++;
            }
        }
        return n;
    }

    /** Each member's session id, by member index. */
    public List<Long> sessionIds() {
        return members.stream().map(m -> m.zk.getSessionId()).toList();
    }

    /**
     * Checks from one member that every ephemeral exists and belongs to the session that made
     * it; returns what is wrong, one line per problem (empty when all is well). The checks run
     * asynchronously, a window at a time: one round trip each would take minutes at scale.
     */
    public List<String> checkEphemerals(long timeoutSeconds) throws InterruptedException, IOException {
        ZooKeeper reader = members.get(0).zk;
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        Semaphore window = new Semaphore(SETUP_WINDOW);
        for (int i = 0; i < members.size(); i++) {
            long session = members.get(i).zk.getSessionId();
            window.acquire();
            reader.exists(root + "/s" + i, false, (rc, path, ctx, stat) -> {
                if (rc != 0 || stat == null) {
                    problems.add(path + " (session 0x" + Long.toHexString(session) + ") is gone: "
                            + KeeperException.Code.get(rc));
                } else if (stat.getEphemeralOwner() != session) {
                    problems.add(path + " is owned by 0x" + Long.toHexString(stat.getEphemeralOwner()) + ", not 0x"
                            + Long.toHexString(session));
                }
                window.release();
            }, null);
        }
        if (!window.tryAcquire(SETUP_WINDOW, timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IOException("checks not answered within " + timeoutSeconds + " s");
        }
        window.release(SETUP_WINDOW);
        return List.copyOf(problems);
    }

    /**
     * Closes every session, many at once: each close is a closeSession write the client waits
     * for, and one at a time they take a log write each.
     */
    @Override
    public void close() throws InterruptedException {
        java.util.concurrent.ExecutorService closers = java.util.concurrent.Executors.newFixedThreadPool(CLOSERS);
        for (Member member : members) {
            if (member.zk != null) {
                closers.execute(() -> {
                    try {
                        member.zk.close(0);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }
        closers.shutdown();
        closers.awaitTermination(10, TimeUnit.MINUTES);
    }
    /** One session: its client, and the watcher that counts its state changes. */
    private final class Member implements Watcher {
        private final CountDownLatch first = new CountDownLatch(1);
        private final Semaphore permits;
        volatile ZooKeeper zk;

        Member(Semaphore permits) {
            this.permits = permits;
        }

        @Override
        public void process(WatchedEvent event) {
            if (event.getType() != Event.EventType.None) {
                return;
            }
            switch (event.getState()) {
                case SyncConnected -> {
                    syncConnected.incrementAndGet();
                    synchronized (syncConnected) {
                        syncConnected.notifyAll();
                    }
                    if (first.getCount() > 0) {
                        first.countDown();
                        permits.release();
                    }
                }
                case Disconnected -> disconnects.incrementAndGet();
                case Expired -> {
                    expired.incrementAndGet();
                    synchronized (syncConnected) {
                        syncConnected.notifyAll();
                    }
                }
                default -> { }
            }
        }
    }
}
