package io.warden.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * Znodes written by a well-behaved client before an attack, and what they looked like: data,
 * Stat and ACL. They sit under {@code /keep}, owned by {@link StockClients#OWNER}, so no other
 * session may change them; the attack must leave every byte and every Stat field as it was.
 * The root's ACL keeps top-level deletes and ACL changes to the owner as well.
 * {@code /live} (never empty, so it cannot be deleted) is where well-behaved clients work.
 */
record Fixture(Map<String, byte[]> data, Map<String, Stat> stats, Map<String, List<ACL>> acls) {
    static final String KEEP = "/keep";
    static final String LIVE = "/live";

    static Fixture write(ZooKeeper zk, long seed) throws KeeperException, InterruptedException {
        // Anyone may still read, write and create at the root, but only the owner may delete
        // there or change its ACL: otherwise an attack could lock everyone out of "/" (a legal
        // setACL) and nothing could be cleaned up after it.
        // (A mutable list: the stock client asks it whether it contains null.)
        zk.setACL("/", new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, ZooDefs.Ids.AUTH_IDS),
                new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.WRITE | ZooDefs.Perms.CREATE, ZooDefs.Ids.ANYONE_ID_UNSAFE))), -1);
        Random random = new Random(seed);
        byte[] binary = new byte[1000];
        random.nextBytes(binary);
        zk.create(KEEP, "keep".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        List<byte[]> contents = List.of(new byte[0], "hello".getBytes(StandardCharsets.UTF_8), binary,
                "\u00e9t\u00e9 \u2603".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < contents.size(); i++) {
            String path = KEEP + "/k" + i;
            zk.create(path, contents.get(i), ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            // A version above zero, so a replayed or reset write would show.
            zk.setData(path, contents.get(i), 0);
        }
        zk.create(LIVE, new byte[0], ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        zk.create(LIVE + "/anchor", new byte[0], ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        return read(zk, contents.size());
    }

    private static Fixture read(ZooKeeper zk, int children) throws KeeperException, InterruptedException {
        Map<String, byte[]> data = new LinkedHashMap<>();
        Map<String, Stat> stats = new LinkedHashMap<>();
        Map<String, List<ACL>> acls = new LinkedHashMap<>();
        for (int i = -1; i < children; i++) {
            String path = i < 0 ? KEEP : KEEP + "/k" + i;
            Stat stat = new Stat();
            data.put(path, zk.getData(path, false, stat));
            stats.put(path, stat);
            acls.put(path, zk.getACL(path, new Stat()));
        }
        return new Fixture(data, stats, acls);
    }

    /** Removes what {@link #write} made (and anything left under /live), so another run can write it again. */
    static void remove(ZooKeeper zk) throws KeeperException, InterruptedException {
        ZKUtil.deleteRecursive(zk, KEEP);
        ZKUtil.deleteRecursive(zk, LIVE);
        zk.setACL("/", ZooDefs.Ids.OPEN_ACL_UNSAFE, -1);
    }

    void assertUnchanged(ZooKeeper zk) throws KeeperException, InterruptedException {
        for (String path : data.keySet()) {
            Stat stat = new Stat();
            assertArrayEquals(data.get(path), zk.getData(path, false, stat), "data of " + path);
            assertEquals(stats.get(path), stat, "stat of " + path);
            assertEquals(acls.get(path), zk.getACL(path, new Stat()), "ACL of " + path);
        }
    }
}
