package io.warden.persistence.tree;

import io.warden.persistence.txn.Txn;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random txn sequences applied to the DataTree and to the naive {@link ReferenceModel} agree on
 * every result, trigger, Stat field, data and ACL. The generator is driven by one seed: a failure
 * prints it, and {@code -Dwarden.seed=N} replays exactly that run.
 */
class DataTreeModelTest {
    static final int STEPS = 300;

    @Provide
    static Arbitrary<Long> seeds() {
        Long fixed = Long.getLong("warden.seed");
        return fixed != null ? Arbitraries.just(fixed) : Arbitraries.longs();
    }

    @Property(tries = 60)
    void treeAgreesWithTheReferenceModel(@ForAll("seeds") long seed) {
        ReferenceModel model = new ReferenceModel();
        RandomTxns txns = new RandomTxns(seed, model);
        DataTree tree = DataTree.fresh();
        Map<Long, String> statesByDigest = new HashMap<>();
        Map<String, Long> digestsByState = new HashMap<>();
        Map<Class<?>, Integer> resultKinds = new HashMap<>();
        for (int step = 0; step < STEPS; step++) {
            Txn txn = txns.next();
            String where = "seed " + seed + " (replay: -Dwarden.seed=" + seed + "), step " + step + ", " + txn;
            ApplyResult applied = tree.apply(txn);
            TxnResult expected = model.apply(txn);
            assertEquals(expected, applied.result(), where);
            assertEquals(model.triggers, applied.triggers(), where);
            tree = applied.tree();
            assertEquals(txn.zxid(), tree.lastProcessedZxid(), where);
            compare(model, tree, where);
            String state = model.dump();
            String previous = statesByDigest.putIfAbsent(tree.digest(), state);
            assertTrue(previous == null || previous.equals(state), "digest collision between different states at " + where);
            Long digest = digestsByState.putIfAbsent(state, tree.digest());
            assertTrue(digest == null || digest == tree.digest(), "one state, two digests at " + where);
            resultKinds.merge(applied.result().getClass(), 1, Integer::sum);
        }
        for (Class<?> kind : new Class<?>[] {TxnResult.Created.class, TxnResult.Deleted.class, TxnResult.DataSet.class,
                TxnResult.MultiResult.class, TxnResult.SessionClosed.class}) {
            assertTrue(resultKinds.getOrDefault(kind, 0) > 0, "seed " + seed + " never produced " + kind.getSimpleName()
                    + ": " + resultKinds);
        }
        tree.checkInvariants();
        assertTrue(statesByDigest.size() > 10, "the run visited too few states to mean anything");
    }

    static void compare(ReferenceModel model, DataTree tree, String where) {
        assertEquals(model.nodes.size(), tree.nodeCount(), where);
        model.nodes.forEach((path, expected) -> {
            DataNode node = tree.node(path).orElseThrow(() -> new AssertionError(path + " missing at " + where));
            assertEquals(expected.stat(), node.stat(), path + " at " + where);
            assertEquals(expected.createdChildren, node.storedCversion(), path + " at " + where);
            assertEquals(expected.owner, node.storedEphemeralOwner(), path + " at " + where);
            assertArrayEquals(expected.data, node.data(), path + " at " + where);
            assertEquals(expected.acl, node.acl(), path + " at " + where);
            assertEquals(expected.children, new TreeSet<>(node.children()), path + " at " + where);
        });
        assertEquals(model.sessions, new java.util.TreeMap<>(tree.sessions()), where);
        Map<Long, Set<String>> ephemerals = model.ephemerals();
        assertEquals(ephemerals, tree.ephemerals(), where);
        ephemerals.forEach((session, paths) -> assertEquals(paths, tree.ephemerals(session), where));
    }

    @Property(tries = 20)
    void sameTxnsGiveEqualDigestsAndEqualTrees(@ForAll("seeds") long seed) {
        ReferenceModel model = new ReferenceModel();
        RandomTxns txns = new RandomTxns(seed, model);
        DataTree one = DataTree.fresh();
        DataTree two = DataTree.fresh();
        for (int step = 0; step < STEPS; step++) {
            Txn txn = txns.next();
            model.apply(txn);
            one = one.apply(txn).tree();
            two = two.apply(txn).tree();
            assertEquals(one.digest(), two.digest(), "seed " + seed + " step " + step);
        }
        assertEquals(one.recomputeDigest(), two.digest(), "seed " + seed);
    }
}
