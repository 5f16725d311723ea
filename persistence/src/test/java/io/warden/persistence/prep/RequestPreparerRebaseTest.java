package io.warden.persistence.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;

import org.junit.jupiter.api.Test;

/**
 * Handing committed trees to the preparer keeps one full tree in memory: the speculative tree
 * ends up made of the committed tree's own nodes, not copies of them, with the same decisions.
 */
class RequestPreparerRebaseTest {
    private static final SessionAuth ANON = SessionAuth.connectedFrom("10.0.0.1");
    private static final long SESSION = 0x1001L;

    private final DataTree initial = DataTree.fresh();
    private DataTree committed = initial;
    private long zxid;

    private Txn prepare(RequestPreparer preparer, WriteOp op) {
        zxid++;
        return preparer.prepare(op, new PrepContext(SESSION, (int) zxid, zxid, 1_000 + zxid, ANON)).txn();
    }

    private void commit(Txn txn) {
        committed = committed.apply(txn).tree();
    }

    private static WriteOp create(String path) {
        return new WriteOp.Create(path, new byte[100], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @Test
    void withNothingOutstandingTheCommittedTreeIsTheSpeculativeTree() {
        RequestPreparer preparer = new RequestPreparer(initial, PrepSettings.DEFAULT);
        commit(prepare(preparer, new WriteOp.CreateSession(30_000)));
        commit(prepare(preparer, create("/a")));
        commit(prepare(preparer, create("/b")));
        preparer.committed(committed);
        assertSame(committed, preparer.speculativeTree());
        assertEquals(0, preparer.outstandingCount());
    }

    @Test
    void withTxnsOutstandingTheRebuiltTreeSharesTheCommittedNodes() {
        RequestPreparer preparer = new RequestPreparer(initial, PrepSettings.DEFAULT, 1);
        commit(prepare(preparer, new WriteOp.CreateSession(30_000)));
        commit(prepare(preparer, create("/a")));
        Txn pending = prepare(preparer, create("/b"));
        preparer.committed(committed);
        assertEquals(1, preparer.outstandingCount());
        DataTree speculative = preparer.speculativeTree();
        assertSame(committed.node("/a").orElseThrow(), speculative.node("/a").orElseThrow(), "/a is one node, not two");
        assertEquals(speculative.digest(), committed.apply(pending).tree().digest());
        // Decisions still see the outstanding create.
        Txn child = prepare(preparer, create("/b/c"));
        assertEquals("/b/c", ((TxnBody.Create) child.body()).path());
    }

    @Test
    void rebuildsWaitUntilAsManyTxnsCommittedAsAreOutstanding() {
        RequestPreparer preparer = new RequestPreparer(initial, PrepSettings.DEFAULT, 1);
        commit(prepare(preparer, new WriteOp.CreateSession(30_000)));
        Txn a = prepare(preparer, create("/a"));
        prepare(preparer, create("/b"));
        prepare(preparer, create("/c"));
        DataTree before = preparer.speculativeTree();
        preparer.committed(committed);
        assertSame(before, preparer.speculativeTree(), "1 committed, 3 outstanding: not yet");
        commit(a);
        preparer.committed(committed);
        assertEquals(2, preparer.outstandingCount());
        DataTree rebuilt = preparer.speculativeTree();
        assertSame(committed.node("/a").orElseThrow(), rebuilt.node("/a").orElseThrow(), "2 committed, 2 outstanding: rebuilt");
        assertEquals(before.digest(), rebuilt.digest());
    }

    @Test
    void anOlderOrRepeatedTreeChangesNothing() {
        RequestPreparer preparer = new RequestPreparer(initial, PrepSettings.DEFAULT, 1);
        commit(prepare(preparer, new WriteOp.CreateSession(30_000)));
        prepare(preparer, create("/a"));
        preparer.committed(committed);
        DataTree speculative = preparer.speculativeTree();
        preparer.committed(committed);
        preparer.committed(initial);
        assertSame(speculative, preparer.speculativeTree());
        assertEquals(1, preparer.outstandingCount());
    }

    @Test
    void aCommittedTreeThatIsNotWhatWasPreparedStopsPreparation() {
        RequestPreparer preparer = new RequestPreparer(initial, PrepSettings.DEFAULT);
        Txn session = prepare(preparer, new WriteOp.CreateSession(30_000));
        prepare(preparer, create("/a"));
        commit(session);
        // Another writer's txn at the zxid this preparer used for /a.
        commit(new Txn(SESSION, 9, zxid, 5, new TxnBody.Create("/other", new byte[1], Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT, 0, -1)));
        DataTree foreign = committed;
        assertThrows(IllegalStateException.class, () -> preparer.committed(foreign));
    }

    @Test
    void aCommittedTreeBetweenPreparedTxnsIsRefused() {
        RequestPreparer preparer = new RequestPreparer(initial, PrepSettings.DEFAULT);
        commit(prepare(preparer, new WriteOp.CreateSession(30_000)));
        DataTree ahead = committed.apply(new Txn(SESSION, 7, zxid + 5, 5, new TxnBody.CreateSession(1_000))).tree();
        assertThrows(IllegalStateException.class, () -> preparer.committed(ahead));
    }
}
