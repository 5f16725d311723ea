package io.warden.persistence.replica;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Zxid;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded stream of txns that all apply cleanly: creates and setData spread over a two-level
 * tree, a few sessions and error txns. Zxids are contiguous within the epoch; time is derived
 * from the counter, so the same seed gives the same txns.
 */
final class Workload {
    private static final long BASE_TIME_MS = 1_700_000_000_000L;

    private final Random random;
    private final int dirCount;
    private final List<String> nodes = new ArrayList<>();
    private final Map<String, Integer> versions = new HashMap<>();
    private final List<Long> openSessions = new ArrayList<>();
    private long epoch;
    private long counter;
    private int dirsCreated;
    private long nextSessionId = 0x1000;
    private long sessionId;

    Workload(long seed, long epoch, int dirCount) {
        this.random = new Random(seed);
        this.epoch = epoch;
        this.dirCount = dirCount;
    }

    Workload(long seed) {
        this(seed, 1, 50);
    }

    /** The seed for a randomized test: -Dwarden.seed=... replays one; printed either way. */
    static long seed(String test) {
        String given = System.getProperty("warden.seed");
        long seed = given != null ? Long.parseLong(given) : System.nanoTime();
        System.out.println(test + " seed: " + seed + " (replay with -Dwarden.seed=" + seed + ")");
        return seed;
    }

    long lastZxid() {
        return Zxid.of(epoch, counter);
    }

    /** Moves to a new epoch: the next txn is epoch's first. */
    void newEpoch(long newEpoch) {
        epoch = newEpoch;
        counter = 0;
    }

    List<Txn> next(int count) {
        List<Txn> txns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            txns.add(next());
        }
        return txns;
    }

    Txn next() {
        counter++;
        long zxid = Zxid.of(epoch, counter);
        long timeMs = BASE_TIME_MS + counter * 3;
        sessionId = openSessions.isEmpty() ? 0x99 : openSessions.get(random.nextInt(openSessions.size()));
        TxnBody body = body();
        return new Txn(sessionId, (int) counter, zxid, timeMs, body);
    }

    /** Sets {@link #sessionId} when the body is about a session of its own. */
    private TxnBody body() {
        if (dirsCreated < dirCount) {
            String dir = "/d" + dirsCreated++;
            versions.put(dir, 0);
            return new TxnBody.Create(dir, bytes(8), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        int roll = random.nextInt(1000);
        if (roll < 5) {
            sessionId = nextSessionId++;
            openSessions.add(sessionId);
            return new TxnBody.CreateSession(30_000);
        }
        if (roll < 8 && !openSessions.isEmpty()) {
            sessionId = openSessions.remove(openSessions.size() - 1);
            return new TxnBody.CloseSession();
        }
        if (roll < 15) {
            return new TxnBody.Failed(Code.NO_NODE);
        }
        if (roll < 600 || nodes.isEmpty()) {
            String path = "/d" + random.nextInt(dirCount) + "/n" + counter;
            nodes.add(path);
            versions.put(path, 0);
            return new TxnBody.Create(path, bytes(16 + random.nextInt(48)), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        String path = nodes.get(random.nextInt(nodes.size()));
        int version = versions.merge(path, 1, Integer::sum);
        return new TxnBody.SetData(path, bytes(16 + random.nextInt(48)), version);
    }

    private byte[] bytes(int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }
}
