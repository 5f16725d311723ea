package io.warden.api.client;

import io.warden.api.data.Paths;
import io.warden.api.wire.OpResult;
import io.warden.api.wire.Request;
import io.warden.api.wire.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Independent reads in one round trip (ZooKeeper's multiRead): each op is answered on its own, a
 * missing node gives an {@link OpResult.ErrorResult} in its slot rather than failing the batch.
 */
public final class ReadBatch {
    private final WardenClient client;
    private final List<Request.ReadOp> ops = new ArrayList<>();

    ReadBatch(WardenClient client) {
        this.client = client;
    }

    public ReadBatch getData(String path) {
        Paths.validate(path);
        ops.add(new Request.GetData(client.server(path), false));
        return this;
    }

    public ReadBatch getChildren(String path) {
        Paths.validate(path);
        ops.add(new Request.GetChildren(client.server(path), false));
        return this;
    }

    public CompletionStage<List<OpResult>> execute() {
        return client.call(new Request.MultiRead(List.copyOf(ops)), null,
                reply -> ((Response.Multi) WardenClient.ok(reply, null)).results());
    }
}
