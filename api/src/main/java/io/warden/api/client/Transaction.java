package io.warden.api.client;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Paths;
import io.warden.api.wire.OpResult;
import io.warden.api.wire.Request;
import io.warden.api.wire.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A fluent multi: ops are applied all together or not at all, in one round trip.
 * <pre>{@code
 * client.transaction().check("/config", 3).setData("/config", v4, 3).create("/log/e-", e, PERSISTENT_SEQUENTIAL)
 *       .commit();
 * }</pre>
 * {@link #commit()} completes with one result per op (created paths relative to the chroot), or
 * fails with {@link TransactionFailedException}: the code and index of the op that failed.
 */
public final class Transaction {
    private final WardenClient client;
    private final List<Request.MultiOp> ops = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();

    Transaction(WardenClient client) {
        this.client = client;
    }

    public Transaction create(String path, byte[] data, CreateMode mode) {
        return create(path, data, Acl.OPEN_ACL_UNSAFE, mode);
    }

    public Transaction create(String path, byte[] data, List<Acl> acl, CreateMode mode) {
        Paths.validate(path, mode.isSequential());
        if (mode.isTtl()) {
            throw new IllegalArgumentException("TTL modes are not supported in a transaction by this client");
        }
        return add(mode.isContainer() ? new Request.CreateContainer(client.server(path), data, acl, mode)
                : new Request.Create(client.server(path), data, acl, mode), path);
    }

    public Transaction delete(String path, int version) {
        Paths.validate(path);
        return add(new Request.Delete(client.server(path), version), path);
    }

    public Transaction setData(String path, byte[] data, int version) {
        Paths.validate(path);
        return add(new Request.SetData(client.server(path), data, version), path);
    }

    /** Fails the transaction unless the node's version is {@code version} (-1: unless it exists). */
    public Transaction check(String path, int version) {
        Paths.validate(path);
        return add(new Request.Check(client.server(path), version), path);
    }

    private Transaction add(Request.MultiOp op, String path) {
        ops.add(op);
        paths.add(path);
        return this;
    }

    public CompletionStage<List<OpResult>> commit() {
        List<String> opPaths = List.copyOf(paths);
        return client.call(new Request.Multi(List.copyOf(ops)), opPaths.isEmpty() ? null : opPaths.get(0), reply -> {
            List<OpResult> results = ((Response.Multi) WardenClient.ok(reply, null)).results();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) instanceof OpResult.ErrorResult e && e.err() != Code.OK
                        && e.err() != Code.RUNTIME_INCONSISTENCY) {
                    throw new TransactionFailedException(e.err(), opPaths.get(i), i, results);
                }
            }
            List<OpResult> out = new ArrayList<>(results.size());
            for (OpResult r : results) {
                out.add(unchroot(r));
            }
            return List.copyOf(out);
        });
    }

    private OpResult unchroot(OpResult r) {
        if (r instanceof OpResult.CreateResult c) {
            return new OpResult.CreateResult(client.client(c.path()));
        }
        if (r instanceof OpResult.Create2Result c) {
            return new OpResult.Create2Result(client.client(c.path()), c.stat());
        }
        return r;
    }
}
