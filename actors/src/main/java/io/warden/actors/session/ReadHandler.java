package io.warden.actors.session;

import io.warden.actors.watch.WatchKind;
import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.Id;
import io.warden.api.data.Paths;
import io.warden.api.data.Perms;
import io.warden.api.wire.OpResult;
import io.warden.api.wire.Request;
import io.warden.api.wire.Response;
import io.warden.persistence.tree.DataNode;
import io.warden.persistence.tree.DataTree;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Serves read requests from one immutable tree: a pure function of the request, the tree, the
 * session's access and id. It decides the reply and which watch, if any, the read sets; the
 * session registers the watch after it sent the reply.
 */
public final class ReadHandler {

    /** The answer to a read: an error code, or OK with a response, and the watch to set. */
    public record Result(Code code, Response response, WatchKind watch, String watchPath) {
        static Result ok(Response response) {
            return new Result(Code.OK, response, null, null);
        }

        static Result ok(Response response, WatchKind watch, String path) {
            return new Result(Code.OK, response, watch, path);
        }

        static Result error(Code code) {
            return new Result(code, Response.Empty.INSTANCE, null, null);
        }

        public boolean setsWatch() {
            return watch != null;
        }
    }

    private ReadHandler() {}

    /** Serves a read; the caller has checked {@link #isRead}. */
    public static Result read(Request request, DataTree tree, Access access, long sessionId) {
        return switch (request.operation()) {
            case EXISTS -> exists((Request.Exists) request, tree, access);
            case GET_DATA -> {
                Request.GetData r = (Request.GetData) request;
                yield getData(r.path(), r.watch(), tree, access);
            }
            case GET_CHILDREN -> {
                Request.GetChildren r = (Request.GetChildren) request;
                yield getChildren(r.path(), r.watch(), false, tree, access);
            }
            case GET_CHILDREN2 -> {
                Request.GetChildren2 r = (Request.GetChildren2) request;
                yield getChildren(r.path(), r.watch(), true, tree, access);
            }
            case GET_ACL -> getAcl(((Request.GetAcl) request).path(), tree, access);
            case GET_ALL_CHILDREN_NUMBER -> allChildrenNumber(((Request.GetAllChildrenNumber) request).path(), tree, access);
            case GET_EPHEMERALS -> ephemerals(((Request.GetEphemerals) request).prefixPath(), tree, sessionId);
            case MULTI_READ -> multiRead((Request.MultiRead) request, tree, access);
            case CREATE, CREATE2, CREATE_CONTAINER, CREATE_TTL, DELETE, SET_DATA, SET_ACL, SYNC, CHECK, MULTI,
                    ADD_WATCH, REMOVE_WATCHES, CHECK_WATCHES, SET_WATCHES, SET_WATCHES2, AUTH, SASL, RECONFIG,
                    WHO_AM_I, CLOSE_SESSION, PING, UNKNOWN, MALFORMED ->
                    throw new IllegalArgumentException("not a read: " + request.operation());
        };
    }

    /** True for the requests {@link #read} serves. */
    public static boolean isRead(Request request) {
        return switch (request.operation()) {
            case EXISTS, GET_DATA, GET_CHILDREN, GET_CHILDREN2, GET_ACL, GET_ALL_CHILDREN_NUMBER, GET_EPHEMERALS,
                    MULTI_READ -> true;
            case CREATE, CREATE2, CREATE_CONTAINER, CREATE_TTL, DELETE, SET_DATA, SET_ACL, SYNC, CHECK, MULTI,
                    ADD_WATCH, REMOVE_WATCHES, CHECK_WATCHES, SET_WATCHES, SET_WATCHES2, AUTH, SASL, RECONFIG,
                    WHO_AM_I, CLOSE_SESSION, PING, UNKNOWN, MALFORMED -> false;
        };
    }

    /** Reads look paths up as they are: a malformed path is simply not found, as in ZooKeeper. */
    private static Optional<DataNode> find(String path, DataTree tree) {
        return Paths.isValid(path) ? tree.node(path) : Optional.empty();
    }

    /** ZooKeeper rejects a null character in a read's path and reports any other miss as NoNode. */
    private static Code missing(String path) {
        return path != null && path.indexOf('\0') >= 0 ? Code.BAD_ARGUMENTS : Code.NO_NODE;
    }

    /** exists on an existing node needs READ, as in ZooKeeper; on a missing node nothing is checked. */
    private static Result exists(Request.Exists r, DataTree tree, Access access) {
        if (missing(r.path()) == Code.BAD_ARGUMENTS) {
            return Result.error(Code.BAD_ARGUMENTS);
        }
        Optional<DataNode> node = find(r.path(), tree);
        boolean watchable = r.watch() && Paths.isValid(r.path());
        WatchKind watch = watchable ? (node.isPresent() ? WatchKind.DATA : WatchKind.EXIST) : null;
        if (node.isEmpty()) {
            // The exist watch is set even though the reply is NoNode: that is how exists() watches creation.
            return new Result(Code.NO_NODE, Response.Empty.INSTANCE, watch, r.path());
        }
        if (!access.allowsAny(node.get().acl(), Perms.READ)) {
            return Result.error(Code.NO_AUTH);
        }
        return Result.ok(new Response.NodeStat(node.get().stat()), watch, r.path());
    }

    private static Result getData(String path, boolean watch, DataTree tree, Access access) {
        Optional<DataNode> node = find(path, tree);
        if (node.isEmpty()) {
            return Result.error(missing(path));
        }
        if (!access.allowsAny(node.get().acl(), Perms.READ)) {
            return Result.error(Code.NO_AUTH);
        }
        // The stored array, not a copy: the reply is only serialized, never modified, and a copy
        // per read is the largest cost of getData on the hot path.
        return Result.ok(new Response.GetData(node.get().sharedData(), node.get().stat()),
                watch ? WatchKind.DATA : null, path);
    }

    private static Result getChildren(String path, boolean watch, boolean withStat, DataTree tree, Access access) {
        Optional<DataNode> node = find(path, tree);
        if (node.isEmpty()) {
            return Result.error(missing(path));
        }
        if (!access.allowsAny(node.get().acl(), Perms.READ)) {
            return Result.error(Code.NO_AUTH);
        }
        List<String> children = node.get().children();
        Response response = withStat
                ? new Response.GetChildren2(children, node.get().stat())
                : new Response.GetChildren(children);
        return Result.ok(response, watch ? WatchKind.CHILD : null, path);
    }

    /**
     * READ or ADMIN lets a session see an ACL; without ADMIN, digest credentials are masked, as
     * ZooKeeper does, so that readers can't harvest password hashes.
     */
    private static Result getAcl(String path, DataTree tree, Access access) {
        Optional<DataNode> node = find(path, tree);
        if (node.isEmpty()) {
            return Result.error(missing(path));
        }
        List<Acl> acl = node.get().acl();
        if (!access.allowsAny(acl, Perms.READ | Perms.ADMIN)) {
            return Result.error(Code.NO_AUTH);
        }
        if (!access.allowsAny(acl, Perms.ADMIN)) {
            acl = acl.stream().map(ReadHandler::maskDigest).toList();
        }
        return Result.ok(new Response.GetAcl(acl, node.get().stat()));
    }

    private static Acl maskDigest(Acl entry) {
        if (!entry.id().scheme().equals("digest")) {
            return entry;
        }
        String id = entry.id().id();
        int colon = id.indexOf(':');
        String user = colon < 0 ? id : id.substring(0, colon);
        return new Acl(entry.perms(), new Id("digest", user + ":x"));
    }

    private static Result allChildrenNumber(String path, DataTree tree, Access access) {
        Optional<DataNode> node = find(path, tree);
        if (node.isEmpty()) {
            return Result.error(missing(path));
        }
        if (!access.allowsAny(node.get().acl(), Perms.READ)) {
            return Result.error(Code.NO_AUTH);
        }
        return Result.ok(new Response.GetAllChildrenNumber(countDescendants(path, tree)));
    }

    private static int countDescendants(String path, DataTree tree) {
        int count = 0;
        ArrayDeque<String> pending = new ArrayDeque<>();
        pending.push(path);
        while (!pending.isEmpty()) {
            String parent = pending.pop();
            Optional<DataNode> node = tree.node(parent);
            if (node.isEmpty()) {
                continue;
            }
            for (String child : node.get().children()) {
                count++;
                pending.push(Paths.child(parent, child));
            }
        }
        return count;
    }

    private static Result ephemerals(String prefix, DataTree tree, long sessionId) {
        List<String> paths = new ArrayList<>();
        for (String path : tree.ephemerals(sessionId)) {
            if (prefix == null || prefix.equals("/") || path.startsWith(prefix)) {
                paths.add(path);
            }
        }
        paths.sort(null);
        return Result.ok(new Response.GetEphemerals(paths));
    }

    /**
     * multiRead answers each op on its own (it is not a transaction): a failing op gets an error
     * result and the others still return their data. Watches are never set by multiRead.
     */
    private static Result multiRead(Request.MultiRead r, DataTree tree, Access access) {
        List<OpResult> results = new ArrayList<>(r.ops().size());
        for (Request.ReadOp op : r.ops()) {
            Result one = op instanceof Request.GetData g
                    ? getData(g.path(), false, tree, access)
                    : getChildren(((Request.GetChildren) op).path(), false, false, tree, access);
            results.add(toOpResult(one));
        }
        return Result.ok(new Response.Multi(results));
    }

    private static OpResult toOpResult(Result result) {
        if (result.code() != Code.OK) {
            return new OpResult.ErrorResult(result.code());
        }
        if (result.response() instanceof Response.GetData d) {
            return new OpResult.GetDataResult(d.data(), d.stat());
        }
        if (result.response() instanceof Response.GetChildren c) {
            return new OpResult.GetChildrenResult(c.children());
        }
        throw new IllegalStateException("unexpected multiRead response " + result.response());
    }

}
