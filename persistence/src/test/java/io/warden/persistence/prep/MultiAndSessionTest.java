package io.warden.persistence.prep;

import static io.warden.persistence.prep.PrepFixture.ANON;
import static io.warden.persistence.prep.PrepFixture.S1;
import static io.warden.persistence.prep.PrepFixture.S2;
import static io.warden.persistence.prep.PrepFixture.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Multi, sessions, and the preparer's own bookkeeping. */
class MultiAndSessionTest {
    private final PrepFixture f = PrepFixture.withSessions(PrepSettings.DEFAULT);

    private static WriteOp.Create create(String path, CreateMode mode) {
        return new WriteOp.Create(path, bytes("x"), Acl.OPEN_ACL_UNSAFE, mode);
    }

    private static WriteOp.Multi multi(WriteOp.MultiOp... ops) {
        return new WriteOp.Multi(List.of(ops));
    }

    // ---- multi

    @Test
    void opsOfAMultiSeeTheOpsBeforeThem() {
        Txn txn = f.accept(multi(
                create("/m", CreateMode.PERSISTENT),
                create("/m/s-", CreateMode.PERSISTENT_SEQUENTIAL),
                create("/m/s-", CreateMode.PERSISTENT_SEQUENTIAL),
                new WriteOp.SetData("/m", bytes("v"), 0),
                new WriteOp.Check("/m", 1),
                new WriteOp.Delete("/m/s-0000000000", 0)));
        List<TxnBody> ops = ((TxnBody.Multi) txn.body()).ops();
        assertEquals("/m/s-0000000001", ((TxnBody.Create) ops.get(2)).path());
        assertEquals(new TxnBody.SetData("/m", bytes("v"), 1), ops.get(3));
        assertEquals(new TxnBody.Check("/m", 1), ops.get(4));
        assertEquals(List.of("s-0000000001"), f.node("/m").children());
    }

    @Test
    void aFailedMultiReportsOkBeforeTheFailureItsCodeAtItAndRuntimeInconsistencyAfter() {
        f.create("/p", CreateMode.PERSISTENT);
        Prepared p = f.run(multi(
                create("/m1", CreateMode.PERSISTENT),
                new WriteOp.Delete("/nonexistent", -1),
                new WriteOp.SetData("/m1", bytes(""), -1),
                new WriteOp.Check("/p", 5)));
        Prepared.Rejected rejected = assertInstanceOf(Prepared.Rejected.class, p);
        assertEquals(Code.NO_NODE, rejected.code());
        assertEquals("/nonexistent", rejected.path());
        assertEquals(1, rejected.failedOpIndex());
        assertEquals(new TxnBody.Multi(List.of(new TxnBody.Failed(Code.OK), new TxnBody.Failed(Code.NO_NODE),
                new TxnBody.Failed(Code.RUNTIME_INCONSISTENCY), new TxnBody.Failed(Code.RUNTIME_INCONSISTENCY))),
                p.txn().body());
    }

    @Test
    void aFailedMultiChangesNothing() {
        f.create("/q", CreateMode.PERSISTENT);
        Prepared p = f.run(multi(
                create("/q/s-", CreateMode.PERSISTENT_SEQUENTIAL),
                create("/q/x", CreateMode.PERSISTENT),
                new WriteOp.Check("/q", 99)));
        assertEquals(Code.BAD_VERSION, PrepFixture.code(p));
        assertFalse(f.tree().exists("/q/x"));
        assertEquals("/q/s-0000000000", f.create("/q/s-", CreateMode.PERSISTENT_SEQUENTIAL));
    }

    @Test
    void aMultiFailingOnItsLastOpReportsOkForAllOthers() {
        Prepared p = f.run(multi(create("/e", CreateMode.EPHEMERAL), create("/e/x", CreateMode.PERSISTENT)));
        assertEquals(new TxnBody.Multi(List.of(new TxnBody.Failed(Code.OK), new TxnBody.Failed(Code.NO_CHILDREN_FOR_EPHEMERALS))),
                p.txn().body());
    }

    @Test
    void anEmptyMultiIsAccepted() {
        assertEquals(new TxnBody.Multi(List.of()), f.accept(multi()).body());
    }

    // ---- sessions

    @Test
    void createSessionOpensTheSessionWithItsTimeout() {
        f.accept(new WriteOp.CreateSession(4_000), 0x3003L, ANON);
        assertEquals(4_000, f.tree().sessions().get(0x3003L));
    }

    @Test
    void closeSessionRemovesItsEphemeralsIncludingPendingOnes() {
        f.create("/e1", CreateMode.EPHEMERAL, Acl.OPEN_ACL_UNSAFE, S2, ANON);
        f.create("/e2", CreateMode.EPHEMERAL, Acl.OPEN_ACL_UNSAFE, S2, ANON);
        f.create("/mine", CreateMode.EPHEMERAL, Acl.OPEN_ACL_UNSAFE, S1, ANON);
        assertEquals(new TxnBody.CloseSession(), f.accept(new WriteOp.CloseSession(), S2, ANON).body());
        assertFalse(f.tree().exists("/e1"));
        assertFalse(f.tree().exists("/e2"));
        assertTrue(f.tree().exists("/mine"));
        assertFalse(f.tree().sessions().containsKey(S2));
    }

    @Test
    void requestsOfAClosedSessionAreSessionExpired() {
        f.create("/a", CreateMode.PERSISTENT);
        f.accept(new WriteOp.CloseSession(), S2, ANON);
        assertEquals(Code.SESSION_EXPIRED, f.code(new WriteOp.SetData("/a", bytes(""), -1), S2, ANON));
        assertEquals(Code.SESSION_EXPIRED, f.code(new WriteOp.Delete("/a", -1), S2, ANON));
        assertEquals(Code.SESSION_EXPIRED, f.code(multi(new WriteOp.Check("/a", -1)), S2, ANON));
    }

    // ---- the preparer

    @Test
    void aFailedRequestStillGetsAnErrorTxnWithItsZxid() {
        Prepared p = f.run(new WriteOp.Delete("/missing", -1));
        assertEquals(new TxnBody.Failed(Code.NO_NODE), p.txn().body());
        assertEquals(f.zxid, p.txn().zxid());
        assertEquals(S1, p.txn().sessionId());
    }

    @Test
    void zxidsMustIncrease() {
        f.create("/a", CreateMode.PERSISTENT);
        DataTree before = f.tree();
        PrepContext stale = new PrepContext(S1, 1, f.zxid, f.timeMs, ANON);
        assertThrows(IllegalArgumentException.class, () -> f.preparer.prepare(create("/b", CreateMode.PERSISTENT), stale));
        assertSame(before, f.tree());
    }

    @Test
    void resetDropsEveryPreparedButUncommittedChange() {
        f.create("/a", CreateMode.PERSISTENT);
        f.preparer.reset(f.initial);
        assertSame(f.initial, f.tree());
        assertFalse(f.tree().exists("/a"));
    }

    @Test
    void applyingThePreparedTxnsInOrderToTheCommittedTreeGivesTheSpeculativeTree() {
        f.create("/a", CreateMode.PERSISTENT);
        f.create("/a/s-", CreateMode.EPHEMERAL_SEQUENTIAL);
        f.run(new WriteOp.Delete("/a", -1));
        f.run(multi(new WriteOp.SetData("/a", bytes("z"), 0), new WriteOp.Check("/a", 1)));
        f.accept(new WriteOp.CloseSession());
        DataTree committed = f.initial;
        for (Txn txn : f.prepared) {
            committed = committed.apply(txn).tree();
        }
        assertEquals(f.tree().digest(), committed.digest());
        assertEquals(f.tree().lastProcessedZxid(), committed.lastProcessedZxid());
    }
}
