package io.warden.actors.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.api.data.CreateMode;
import io.warden.api.wire.Request;
import io.warden.persistence.prep.WriteOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nulls a client may send (jute length -1) become values the preparer answers, or the
 * IllegalArgumentException the request processor answers with BadArguments: never a
 * NullPointerException, which would stop the node.
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
