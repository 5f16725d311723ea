package io.warden.actors.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void nullDataAndAclOfACreateBecomeEmpty() {
        WriteOp.Create create = (WriteOp.Create) WriteOps.from(new Request.Create("/a", null, null, CreateMode.PERSISTENT));
        assertArrayEquals(new byte[0], create.data());
        assertEquals(List.of(), create.acl());
        WriteOp.SetAcl setAcl = (WriteOp.SetAcl) WriteOps.from(new Request.SetAcl("/a", null, -1));
        assertEquals(List.of(), setAcl.acl());
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
