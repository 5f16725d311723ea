package io.warden.persistence.bench;

import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.server.DataTree;

/** Fills Apache ZooKeeper's own DataTree the way {@link TreeMemoryBench} fills Warden's. */
final class ZooKeeperTreeFiller {
    private ZooKeeperTreeFiller() {
    }

    static Object fill(int nodes, boolean flat, int dataBytes) throws Exception {
        DataTree tree = new DataTree();
        long zxid = 0;
        tree.createNode("/bench", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, 1);
        int parents = flat ? 1 : 1000;
        for (int p = 0; p < parents && !flat; p++) {
            tree.createNode("/bench/p" + p, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, 1);
        }
        for (int i = 0; i < nodes; i++) {
            byte[] data = new byte[dataBytes];
            data[i % dataBytes] = (byte) i;
            String path = flat ? "/bench/n" + i : "/bench/p" + (i % parents) + "/n" + (i / parents);
            tree.createNode(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, zxid);
        }
        return tree;
    }
}
