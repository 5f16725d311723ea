package io.warden.actors.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.api.data.CreateMode;
import io.warden.api.wire.Request;
import io.warden.persistence.prep.WriteOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nulls a client may send (jute length -1) become values the preparer answers, not exceptions. */
class WriteOpsTest {

    @Test
    void nullPathDataAndAclOfACreateBecomeEmptyValues() {
        WriteOp.Create create = (WriteOp.Create) WriteOps.from(new Request.Create(null, null, null, CreateMode.PERSISTENT));
        assertEquals("", create.path());
        assertArrayEquals(new byte[0], create.data());
        assertEquals(List.of(), create.acl());
    }

    @Test
    void nullsInsideAMultiAndInEveryOtherWriteAreMappedToo() {
        WriteOp.Multi multi = (WriteOp.Multi) WriteOps.from(new Request.Multi(List.of(
                new Request.SetData(null, null, -1), new Request.Delete(null, -1), new Request.Check(null, 0),
                new Request.CreateTtl(null, null, null, CreateMode.PERSISTENT_WITH_TTL, 1000))));
        assertEquals(List.of("", "", "", ""), multi.ops().stream().map(WriteOp.MultiOp::path).toList());
        WriteOp.SetAcl setAcl = (WriteOp.SetAcl) WriteOps.from(new Request.SetAcl(null, null, -1));
        assertEquals(List.of(), setAcl.acl());
        assertEquals("", ((WriteOp.Create) WriteOps.from(new Request.CreateContainer(null, null, null,
                CreateMode.CONTAINER))).path());
    }
}
