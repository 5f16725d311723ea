package io.warden.persistence.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.persistence.tree.DataTree;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A multi's later ops are decided against what its earlier ops did, however many there are. */
class RequestPreparerMultiTest {

    @Test
    void multiOfFourDependentOpsIsAcceptedAndApplied() {
        RequestPreparer preparer = new RequestPreparer(DataTree.fresh(), PrepSettings.DEFAULT);
        byte[] none = new byte[0];
        WriteOp.Multi multi = new WriteOp.Multi(List.of(
                new WriteOp.Create("/a", none, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                new WriteOp.Create("/a/b", none, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                new WriteOp.SetData("/a/b", new byte[] {1}, 0),
                new WriteOp.Check("/a/b", 1)));
        long session = 0x5eed;
        long zxid = DataTree.fresh().lastProcessedZxid() + 1;
        preparer.prepare(new WriteOp.CreateSession(30_000), new PrepContext(session, 0, zxid, 0, SessionAuth.NONE));
        Prepared prepared = preparer.prepare(multi, new PrepContext(session, 1, ++zxid, 0, SessionAuth.NONE));
        assertInstanceOf(Prepared.Accepted.class, prepared, () -> prepared.toString());
        DataTree after = preparer.speculativeTree();
        assertTrue(after.exists("/a/b"));
        assertEquals(1, after.node("/a/b").orElseThrow().stat().version());
        assertEquals(zxid, after.lastProcessedZxid());
    }
}
