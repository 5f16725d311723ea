package io.warden.persistence.tree;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.persistence.snapshot.SnapshotReader;
import io.warden.persistence.snapshot.SnapshotWriter;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random writes under two quota paths, with quotas set and removed as zkCli does and snapshot
 * round trips in between: every stats node always holds the count and bytes of its path's
 * subtree, recounted naively from the tree, and replaying every txn on a fresh tree gives the
 * same digest as the tree that went through the snapshots. One seed drives a run; a failure
 * prints it, and {@code -Dwarden.seed=N} replays exactly that run.
 */
class QuotaStatsModelTest {
    private static final int STEPS = 400;
    private static final List<String> QUOTA_PATHS = List.of("/a", "/b");
    private static final List<String> PATHS = List.of("/a", "/a/x", "/a/x/y", "/a/z", "/b", "/b/x", "/b/x/y", "/c",
            "/c/x");

    @Provide
    static Arbitrary<Long> seeds() {
        Long fixed = Long.getLong("warden.seed");
        return fixed != null ? Arbitraries.just(fixed) : Arbitraries.longs();
    }

    @Property(tries = 40)
    void statsAlwaysMatchARecountAndReplayReproducesThem(@ForAll("seeds") long seed) throws IOException {
        Random random = new Random(seed);
        DataTree tree = DataTree.fresh();
        List<Txn> log = new ArrayList<>();
        long zxid = 0;
        for (int step = 0; step < STEPS; step++) {
            String where = "seed " + seed + " (replay: -Dwarden.seed=" + seed + "), step " + step;
            for (TxnBody body : nextBodies(random, tree)) {
                zxid++;
                Txn txn = new Txn(0x5L, (int) zxid, zxid, 1_700_000_000_000L + zxid, body);
                log.add(txn);
                tree = tree.apply(txn).tree();
            }
            if (random.nextInt(25) == 0) {
                tree = roundTrip(tree);
            }
            DataTree now = tree;
            for (String quotaPath : QUOTA_PATHS) {
                now.node(Quotas.statPath(quotaPath)).ifPresent(stats ->
                        assertEquals(recount(now, quotaPath), text(stats.data()), where + ", stats of " + quotaPath));
            }
        }
        tree.checkInvariants();
        DataTree replayed = DataTree.fresh();
        for (Txn txn : log) {
            replayed = replayed.apply(txn).tree();
        }
        assertEquals(tree.digest(), replayed.digest(), "seed " + seed + ": replay differs from the restored tree");
        assertEquals(tree.quotaPaths(), replayed.quotaPaths());
    }

    /** One client action: a write (sometimes in a multi), or zkCli's setquota / delquota. */
    private static List<TxnBody> nextBodies(Random random, DataTree tree) {
        int kind = random.nextInt(20);
        String quotaPath = QUOTA_PATHS.get(random.nextInt(QUOTA_PATHS.size()));
        if (kind == 0 && !tree.exists(Quotas.limitPath(quotaPath))) {
            List<TxnBody> setquota = new ArrayList<>();
            if (!tree.exists(Quotas.QUOTA_ROOT + quotaPath)) {
                setquota.add(create(Quotas.QUOTA_ROOT + quotaPath, null));
            }
            setquota.add(create(Quotas.limitPath(quotaPath), "count=-1,bytes=-1=;countHardLimit=7"));
            setquota.add(create(Quotas.statPath(quotaPath), "count=0,bytes=0"));
            return setquota;
        }
        if (kind == 1 && tree.exists(Quotas.limitPath(quotaPath))) {
            List<TxnBody> delquota = new ArrayList<>(List.of(new TxnBody.Delete(Quotas.limitPath(quotaPath)),
                    new TxnBody.Delete(Quotas.statPath(quotaPath))));
            if (random.nextBoolean()) {
                Collections.reverse(delquota);
            }
            return delquota;
        }
        if (kind == 2) {
            return List.of(new TxnBody.Multi(List.of(write(random, tree), write(random, tree))));
        }
        return List.of(write(random, tree));
    }

    /** A create, delete or setData of a random path; it may fail (missing parent, children...). */
    private static TxnBody write(Random random, DataTree tree) {
        String path = PATHS.get(random.nextInt(PATHS.size()));
        String data = random.nextInt(6) == 0 ? null : "x".repeat(random.nextInt(6));
        if (!tree.exists(path)) {
            return create(path, data);
        }
        if (random.nextBoolean()) {
            return new TxnBody.Delete(path);
        }
        int version = tree.node(path).orElseThrow().version() + 1;
        return new TxnBody.SetData(path, data == null ? null : data.getBytes(StandardCharsets.UTF_8), version);
    }

    private static TxnBody create(String path, String data) {
        return new TxnBody.Create(path, data == null ? null : data.getBytes(StandardCharsets.UTF_8),
                Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    /** The naive count: every node whose path is the quota path or below it. */
    private static String recount(DataTree tree, String quotaPath) {
        long[] counts = {0, 0};
        tree.walk((path, node) -> {
            if (path.equals(quotaPath) || path.startsWith(quotaPath + "/")) {
                counts[0]++;
                counts[1] += node.dataLength();
            }
        });
        return "count=" + counts[0] + ",bytes=" + counts[1];
    }

    private static DataTree roundTrip(DataTree tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotWriter.write(tree, out);
        return SnapshotReader.read(new ByteArrayInputStream(out.toByteArray()));
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
