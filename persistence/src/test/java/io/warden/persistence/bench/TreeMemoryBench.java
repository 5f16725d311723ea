package io.warden.persistence.bench;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.persistence.snapshot.SnapshotReader;
import io.warden.persistence.snapshot.SnapshotWriter;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Heap bytes per znode, and snapshot write/read time, for a tree of N znodes with 100-byte data.
 * A program, not a test:
 *
 * <pre>
 * java -Xmx4g -XX:+UseParallelGC -cp CLASSPATH io.warden.persistence.bench.TreeMemoryBench \
 *      [nodes=1000000] [shape=two-level|flat] [zookeeper|scala-champ]
 * </pre>
 *
 * "two-level" puts the nodes under 1000 parents ("/bench/p123/n456"); "flat" under one parent.
 * "zookeeper" measures Apache ZooKeeper's own DataTree with the same nodes instead, for comparison;
 * "scala-champ" the same tree with Scala's immutable.HashMap as the child map (see ADR 0003).
 */
public final class TreeMemoryBench {
    private static final int DATA_BYTES = 100;

    private TreeMemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = 1_000_000;
        boolean flat = false;
        boolean zookeeper = false;
        boolean scala = false;
        for (String arg : args) {
            if (arg.startsWith("nodes=")) {
                nodes = Integer.parseInt(arg.substring(6));
            } else if (arg.equals("shape=flat")) {
                flat = true;
            } else if (arg.equals("zookeeper")) {
                zookeeper = true;
            } else if (arg.equals("scala-champ")) {
                scala = true;
            }
        }
        long before = usedHeapAfterGc();
        Object held;
        long start = System.nanoTime();
        held = zookeeper ? ZooKeeperTreeFiller.fill(nodes, flat, DATA_BYTES)
                : scala ? ScalaChampTreeFiller.fill(nodes, flat, DATA_BYTES) : fill(nodes, flat);
        long buildMs = (System.nanoTime() - start) / 1_000_000;
        long after = usedHeapAfterGc();
        long perNode = (after - before) / nodes;
        System.out.printf("%s tree, %,d znodes of %d-byte data (%s): %,d heap bytes total, %d bytes/znode; built in %,d ms%n",
                zookeeper ? "Apache ZooKeeper 3.9" : scala ? "Scala-CHAMP-per-parent" : "Warden", nodes, DATA_BYTES, flat ? "flat" : "two-level",
                after - before, perNode, buildMs);
        if (held instanceof DataTree tree) {
            snapshotTimes(tree);
        }
        System.out.println("(keep-alive " + held.hashCode() + ")");
    }

    static DataTree fill(int nodes, boolean flat) {
        DataTree tree = DataTree.fresh();
        long zxid = 0;
        tree = create(tree, ++zxid, "/bench");
        int parents = flat ? 1 : 1000;
        for (int p = 0; p < parents && !flat; p++) {
            tree = create(tree, ++zxid, "/bench/p" + p);
        }
        for (int i = 0; i < nodes; i++) {
            // A fresh array per node, as the wire decoder makes one per request: a txn takes its
            // data without a copy, so reusing one buffer would make every node share it.
            byte[] data = new byte[DATA_BYTES];
            data[i % DATA_BYTES] = (byte) i;
            String path = flat ? "/bench/n" + i : "/bench/p" + (i % parents) + "/n" + (i / parents);
            tree = tree.apply(new Txn(1, 1, ++zxid, 1_700_000_000_000L + zxid,
                    new TxnBody.Create(path, data, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))).tree();
        }
        return tree;
    }

    private static DataTree create(DataTree tree, long zxid, String path) {
        return tree.apply(new Txn(1, 1, zxid, 1_700_000_000_000L + zxid,
                new TxnBody.Create(path, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))).tree();
    }

    private static void snapshotTimes(DataTree tree) throws IOException {
        Path file = Files.createTempFile("warden-snapshot", ".snap");
        try {
            long start = System.nanoTime();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                SnapshotWriter.write(tree, out);
                channel.force(true);
            }
            long writeMs = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            DataTree restored;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                restored = SnapshotReader.read(in);
            }
            long readMs = (System.nanoTime() - start) / 1_000_000;
            if (restored.digest() != tree.digest()) {
                throw new IllegalStateException("restored digest differs");
            }
            System.out.printf("snapshot: %,d bytes; write+fsync %,d ms; read+verify %,d ms%n", Files.size(file),
                    writeMs, readMs);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The smallest used heap seen over five full collections. */
    static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
