package io.warden.actors.request;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.api.wire.Request;
import io.warden.persistence.prep.WriteOp;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
    void nullPathIsABadArgumentInEveryWriteAndInsideAMulti() {
        List<Request> requests = List.of(new Request.Create(null, null, null, CreateMode.PERSISTENT),
                new Request.CreateContainer(null, null, null, CreateMode.CONTAINER),
                new Request.CreateTtl(null, null, null, CreateMode.PERSISTENT_WITH_TTL, 1000),
                new Request.SetData(null, null, -1), new Request.Delete(null, -1), new Request.Check(null, 0),
                new Request.SetAcl(null, null, -1),
                new Request.Multi(List.of(new Request.Check("/", -1), new Request.Delete(null, -1))));
        for (Request request : requests) {
            assertThrows(IllegalArgumentException.class, () -> WriteOps.from(request), request.toString());
        }
    }
}
