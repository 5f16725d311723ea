package io.warden.ops.launcher;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * One round of writes for {@link RealLauncherRestartTest}: creates and version-checked setData
 * calls on znodes under one parent, sent asynchronously by one session with a bounded number in
 * flight, until the test kills the server. A znode's data is a function of the round's seed, its
 * path and its version ({@link #dataFor}), so any state a reader finds can be told right or wrong.
 *
 * <p>Recorded: the order the writes were sent in, and which were acknowledged. What a restarted
 * server must hold ({@link #verify}): every acknowledged write; and, since one session's writes
 * take effect in the order sent and each is durable before it is acknowledged, the writes that
 * survived form a prefix of the sent order (a write in flight at the kill may survive or not, but
 * never without the writes sent before it). Once seen, a round's state is frozen (nothing writes
 * there again), so every later restart must show exactly the same state.
 */
final class RoundWrites {
    private static final int MAX_IN_FLIGHT = 64;
    private static final int MAX_DATA_BYTES = 1024;
    private static final int MAX_READS_IN_FLIGHT = 256;
    /** One write in four updates a znode already sent; the rest create new ones. */
    private static final int UPDATE_PERCENT = 25;

    record Write(String path, int version) {}

    /** What a read found: absent (null stat) or the stat and data. */
    private record Seen(Stat stat, byte[] data) {
        int version() {
            return stat == null ? -1 : stat.getVersion();
        }
    }

    private final String parent;
    private final long seed;
    private final SplittableRandom random;
    // Written by the sending thread only, read once it has been joined.
    private final List<Write> sent = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private final Map<String, Integer> lastSentVersion = new HashMap<>();
    // Written by the client's event thread.
    private final Set<Integer> acked = ConcurrentHashMap.newKeySet();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicInteger ackCount = new AtomicInteger();
    private Map<String, Integer> frozen;

    RoundWrites(String parent, long seed) {
        this.parent = parent;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** The data of {@code path} at {@code version}: its name, then seeded bytes of seeded length. */
    static byte[] dataFor(long seed, String path, int version) {
        SplittableRandom r = new SplittableRandom(seed ^ (path.hashCode() * 1_000_003L + version));
        byte[] head = (path + "@" + version + ";").getBytes(StandardCharsets.US_ASCII);
        byte[] data = Arrays.copyOf(head, head.length + r.nextInt(MAX_DATA_BYTES));
        for (int i = head.length; i < data.length; i++) {
            data[i] = (byte) r.nextInt(256);
        }
        return data;
    }

    int ackCount() {
        return ackCount.get();
    }

    /** Failures other than the connection loss the kill causes: there must be none. */
    List<String> unexpectedFailures() {
        return List.copyOf(unexpected);
    }

    /** Sends writes on {@code zk} until {@code stop} says so; call from one thread. */
    void sendUntil(ZooKeeper zk, BooleanSupplier stop) throws InterruptedException {
        while (!stop.getAsBoolean()) {
            if (!inFlight.tryAcquire(50, MILLISECONDS)) {
                continue;
            }
            int index = sent.size();
            if (!paths.isEmpty() && random.nextInt(100) < UPDATE_PERCENT) {
                String path = paths.get(random.nextInt(paths.size()));
                int version = lastSentVersion.merge(path, 1, Integer::sum);
                sent.add(new Write(path, version));
                zk.setData(path, dataFor(seed, path, version), version - 1,
                        (rc, p, ctx, stat) -> answered(index, rc), null);
            } else {
                String path = parent + "/n" + paths.size();
                paths.add(path);
                lastSentVersion.put(path, 0);
                sent.add(new Write(path, 0));
                zk.create(path, dataFor(seed, path, 0), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                        (rc, p, ctx, name) -> answered(index, rc), null);
            }
        }
    }

    private void answered(int index, int rc) {
        Code code = Code.get(rc);
        if (code == Code.OK) {
            acked.add(index);
            ackCount.incrementAndGet();
        } else if (code != Code.CONNECTIONLOSS && code != Code.SESSIONEXPIRED) {
            // SESSIONEXPIRED is what the client answers for writes still queued when it is closed.
            unexpected.add("write #" + index + ": " + code);
        }
        inFlight.release();
    }

    /**
     * Reads the round back from a restarted server and checks it (see the class comment); returns
     * a one-line summary. The sending thread must have been joined.
     */
    String verify(ZooKeeper reader, String context) throws Exception {
        Map<String, Seen> seen = readAll(reader);
        int survived = 0;
        int firstLost = -1;
        for (int i = 0; i < sent.size(); i++) {
            Write w = sent.get(i);
            boolean present = seen.get(w.path()).version() >= w.version();
            if (acked.contains(i)) {
                assertTrue(present, context + ": acknowledged write #" + i + " " + w + " is lost; the server has "
                        + describe(seen.get(w.path())));
            }
            if (present && firstLost >= 0) {
                fail(context + ": write #" + i + " " + w + " survived but #" + firstLost + " " + sent.get(firstLost)
                        + ", sent before it by the same session, did not");
            }
            if (present) {
                survived++;
            } else if (firstLost < 0) {
                firstLost = i;
            }
        }
        for (String path : paths) {
            checkContent(path, seen.get(path), context);
        }
        List<String> children = reader.getChildren(parent, false);
        Set<String> expected = new HashSet<>();
        seen.forEach((path, s) -> {
            if (s.stat() != null) {
                expected.add(path.substring(parent.length() + 1));
            }
        });
        assertEquals(expected, new HashSet<>(children), context + ": the children of " + parent);
        Map<String, Integer> versions = new TreeMap<>();
        seen.forEach((path, s) -> versions.put(path, s.version()));
        if (frozen == null) {
            frozen = versions;
        } else {
            assertEquals(frozen, versions, context + ": " + parent + " changed since it was last read");
        }
        return parent + ": sent " + sent.size() + ", acknowledged " + acked.size() + ", survived " + survived;
    }

    private void checkContent(String path, Seen s, String context) {
        if (s.stat() == null) {
            return;
        }
        Stat stat = s.stat();
        String where = context + ": " + path + " " + stat;
        assertTrue(stat.getVersion() <= lastSentVersion.get(path), where + " has a version never written");
        assertArrayEquals(dataFor(seed, path, stat.getVersion()), s.data(), where + ": wrong data for its version");
        assertEquals(s.data().length, stat.getDataLength(), where);
        assertEquals(0, stat.getEphemeralOwner(), where);
        assertEquals(0, stat.getNumChildren(), where);
        assertTrue(stat.getVersion() == 0 ? stat.getMzxid() == stat.getCzxid() : stat.getMzxid() > stat.getCzxid(),
                where + ": mzxid against czxid");
    }

    private Map<String, Seen> readAll(ZooKeeper reader) throws InterruptedException {
        Map<String, Seen> seen = new ConcurrentHashMap<>();
        Semaphore reads = new Semaphore(MAX_READS_IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(paths.size());
        for (String path : paths) {
            reads.acquire();
            reader.getData(path, false, (rc, p, ctx, data, stat) -> {
                Code code = Code.get(rc);
                if (code == Code.OK) {
                    seen.put(p, new Seen(stat, data));
                } else if (code == Code.NONODE) {
                    seen.put(p, new Seen(null, null));
                } else {
                    unexpected.add("reading " + p + ": " + code);
                }
                reads.release();
                done.countDown();
            }, null);
        }
        assertTrue(done.await(120, SECONDS), "reads of " + parent + " did not finish");
        assertEquals(List.of(), unexpectedFailures(), "failures while reading " + parent);
        return seen;
    }

    private static String describe(Seen s) {
        return s.stat() == null ? "no such znode" : "version " + s.stat().getVersion();
    }
}
