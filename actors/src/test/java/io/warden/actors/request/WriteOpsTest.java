package io.warden.actors.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.api.wire.Request;
import io.warden.persistence.prep.WriteOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nulls a client may send (jute length -1) become values the preparer answers with ZooKeeper's
 * codes, in the log's order: never a NullPointerException, which would stop the node.
 */
class WriteOpsTest {

    @Test
    void nullDataPassesThroughAndEmptyStaysEmpty() {
        WriteOp.Create create = (WriteOp.Create) WriteOps.from(
                new Request.Create("/a", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        assertNull(create.data());
        WriteOp.SetData setNull = (WriteOp.SetData) WriteOps.from(new Request.SetData("/a", null, -1));
        assertNull(setNull.data());
        WriteOp.SetData setEmpty = (WriteOp.SetData) WriteOps.from(new Request.SetData("/a", new byte[0], -1));
        assertArrayEquals(new byte[0], setEmpty.data());
        WriteOp.Multi multi = (WriteOp.Multi) WriteOps.from(new Request.Multi(List.of(
                new Request.Create2("/b", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))));
        assertNull(((WriteOp.Create) multi.ops().get(0)).data());
    }

    @Test
    void nullAclIsEmpty() {
        assertEquals(List.of(), ((WriteOp.Create) WriteOps.from(new Request.Create("/a", null, null,
                CreateMode.PERSISTENT))).acl());
        assertEquals(List.of(), ((WriteOp.SetAcl) WriteOps.from(new Request.SetAcl("/a", null, -1))).acl());
    }

    @Test
    void nullPathIsTheEmptyPathInEveryWriteAndInsideAMulti() {
        WriteOp.Multi multi = (WriteOp.Multi) WriteOps.from(new Request.Multi(List.of(
                new Request.SetData(null, null, -1), new Request.Delete(null, -1), new Request.Check(null, 0),
                new Request.CreateTtl(null, null, null, CreateMode.PERSISTENT_WITH_TTL, 1000))));
        assertEquals(List.of("", "", "", ""), multi.ops().stream().map(WriteOp.MultiOp::path).toList());
        assertEquals("", ((WriteOp.SetAcl) WriteOps.from(new Request.SetAcl(null, null, -1))).path());
        assertEquals("", ((WriteOp.Create) WriteOps.from(new Request.CreateContainer(null, null, null,
                CreateMode.CONTAINER))).path());
    }
}
