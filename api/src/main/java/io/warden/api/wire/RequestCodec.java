package io.warden.api.wire;

import io.warden.api.data.AddWatchMode;
import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.WatcherType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Request frames:
 * <pre>
 * request      = xid:int type:int body(type)
 * create, create2, createContainer = path:ustring data:buffer acl:vector&lt;ACL&gt; flags:int
 * createTTL    = path:ustring data:buffer acl:vector&lt;ACL&gt; flags:int ttl:long
 * delete, check                    = path:ustring version:int
 * exists, getData, getChildren, getChildren2 = path:ustring watch:boolean
 * setData      = path:ustring data:buffer version:int
 * getACL, sync, getAllChildrenNumber = path:ustring      getEphemerals = prefixPath:ustring
 * setACL       = path:ustring acl:vector&lt;ACL&gt; version:int
 * addWatch     = path:ustring mode:int        checkWatches, removeWatches = path:ustring type:int
 * setWatches   = relativeZxid:long data:vector&lt;ustring&gt; exist:vector&lt;ustring&gt; child:vector&lt;ustring&gt;
 * setWatches2  = setWatches persistent:vector&lt;ustring&gt; persistentRecursive:vector&lt;ustring&gt;
 * auth         = type:int(0) scheme:ustring auth:buffer          sasl = token:buffer
 * reconfig     = joiningServers:ustring leavingServers:ustring newMembers:ustring curConfigId:long
 * multi, multiRead = (MultiHeader op-body)* MultiHeader(-1, true, -1)
 * MultiHeader  = type:int done:boolean err:int        ; ops are sent with done false, err -1
 * ping, closeSession, whoAmI: no body
 * </pre>
 * check is an op of a multi only; as a request of its own it is {@link Request.Unknown}.
 * Bytes after a complete body are ignored, as ZooKeeper ignores them. A body that cannot be read
 * becomes {@link Request.Malformed} so the server can answer it in order, except for auth and
 * sasl, which ZooKeeper reads before anything else and drops the connection over.
 */
final class RequestCodec {
    private RequestCodec() {}

    static ClientRequest decode(JuteReader in) {
        int xid = in.readInt("request header xid");
        int type = in.readInt("request header type");
        return new ClientRequest(xid, decodeBody(type, in));
    }

    private static Request decodeBody(int type, JuteReader in) {
        switch (type) {
            case OpCodes.AUTH:
                in.readInt("auth.type");
                return new Request.Auth(in.readUstring("auth.scheme"), in.readBuffer("auth.auth"));
            case OpCodes.SASL:
                return new Request.Sasl(in.readBuffer("sasl.token"));
            case OpCodes.PING:
                return Request.Ping.INSTANCE;
            case OpCodes.CLOSE_SESSION:
                return Request.CloseSession.INSTANCE;
            case OpCodes.WHO_AM_I:
                return Request.WhoAmI.INSTANCE;
            case OpCodes.CHECK:
                // Only an op of a multi: ZooKeeper's Request.isValid refuses it alone, unread,
                // like an opcode it does not know (Unimplemented, then the connection closes).
                return new Request.Unknown(type);
            default:
                try {
                    Request request = readOp(type, in);
                    return request != null ? request : new Request.Unknown(type);
                } catch (WireFormatException e) {
                    return new Request.Malformed(Code.MARSHALLING_ERROR, e.getMessage());
                }
        }
    }

    /** The op with a body of the given type, or null when the type is not one. */
    private static Request readOp(int type, JuteReader in) {
        return readOp(type, in, false);
    }

    /**
     * {@code inMulti}: the op is one of a multi's, where ZooKeeper takes no null path at all.
     * Where a null path fails on ZooKeeper with MarshallingError (a NullPointerException in its
     * request processing, caught there), it is refused here as malformed, with the same code;
     * where ZooKeeper answers something else (setData, setACL: BadArguments; sync, getEphemerals,
     * addWatch, checkWatches, removeWatches: answered as for any path) it reaches the server.
     */
    private static Request readOp(int type, JuteReader in, boolean inMulti) {
        return switch (type) {
            case OpCodes.CREATE, OpCodes.CREATE2, OpCodes.CREATE_CONTAINER, OpCodes.CREATE_TTL -> readCreate(type, in);
            case OpCodes.DELETE -> new Request.Delete(path(in, "delete.path"), in.readInt("delete.version"));
            case OpCodes.EXISTS -> new Request.Exists(path(in, "exists.path"), in.readBool("exists.watch"));
            case OpCodes.GET_DATA -> new Request.GetData(path(in, "getData.path"), in.readBool("getData.watch"));
            case OpCodes.SET_DATA -> new Request.SetData(inMulti ? path(in, "setData.path") : in.readUstring("setData.path"),
                    in.readBuffer("setData.data"), in.readInt("setData.version"));
            case OpCodes.GET_ACL -> new Request.GetAcl(path(in, "getACL.path"));
            case OpCodes.SET_ACL -> new Request.SetAcl(in.readUstring("setACL.path"),
                    Records.readAclVector(in, "setACL.acl"), in.readInt("setACL.version"));
            case OpCodes.GET_CHILDREN -> new Request.GetChildren(path(in, "getChildren.path"),
                    in.readBool("getChildren.watch"));
            case OpCodes.GET_CHILDREN2 -> new Request.GetChildren2(path(in, "getChildren2.path"),
                    in.readBool("getChildren2.watch"));
            case OpCodes.GET_ALL_CHILDREN_NUMBER ->
                    new Request.GetAllChildrenNumber(path(in, "getAllChildrenNumber.path"));
            case OpCodes.GET_EPHEMERALS -> new Request.GetEphemerals(in.readUstring("getEphemerals.prefixPath"));
            case OpCodes.SYNC -> new Request.Sync(in.readUstring("sync.path"));
            case OpCodes.CHECK -> new Request.Check(path(in, "check.path"), in.readInt("check.version"));
            case OpCodes.MULTI, OpCodes.MULTI_READ -> readMulti(type, in);
            case OpCodes.ADD_WATCH -> readAddWatch(in);
            case OpCodes.CHECK_WATCHES, OpCodes.REMOVE_WATCHES -> readWatchesRequest(type, in);
            case OpCodes.SET_WATCHES -> new Request.SetWatches(in.readLong("setWatches.relativeZxid"),
                    paths(in, "setWatches.dataWatches"), paths(in, "setWatches.existWatches"),
                    paths(in, "setWatches.childWatches"));
            case OpCodes.SET_WATCHES2 -> new Request.SetWatches2(in.readLong("setWatches2.relativeZxid"),
                    paths(in, "setWatches2.dataWatches"), paths(in, "setWatches2.existWatches"),
                    paths(in, "setWatches2.childWatches"), paths(in, "setWatches2.persistentWatches"),
                    paths(in, "setWatches2.persistentRecursiveWatches"));
            case OpCodes.RECONFIG -> new Request.Reconfig(in.readUstring("reconfig.joiningServers"),
                    in.readUstring("reconfig.leavingServers"), in.readUstring("reconfig.newMembers"),
                    in.readLong("reconfig.curConfigId"));
            default -> null;
        };
    }

    /** A path ZooKeeper dereferences before any check: null (length -1) is MarshallingError there. */
    private static String path(JuteReader in, String field) {
        String path = in.readUstring(field);
        if (path == null) {
            throw new WireFormatException(field + ": null");
        }
        return path;
    }

    /** setWatches' path lists: ZooKeeper fails with MarshallingError on a null list or a null path in one. */
    private static List<String> paths(JuteReader in, String field) {
        List<String> paths = in.readUstringVector(field);
        if (paths == null) {
            throw new WireFormatException(field + ": null vector");
        }
        for (String path : paths) {
            if (path == null) {
                throw new WireFormatException(field + ": null path");
            }
        }
        return paths;
    }

    private static Request readCreate(int type, JuteReader in) {
        String path = path(in, "create.path");
        byte[] data = in.readBuffer("create.data");
        List<Acl> acl = Records.readAclVector(in, "create.acl");
        int flags = in.readInt("create.flags");
        long ttlMs = type == OpCodes.CREATE_TTL ? in.readLong("createTTL.ttl") : 0;
        CreateMode mode;
        try {
            mode = CreateMode.fromFlag(flags);
        } catch (IllegalArgumentException e) {
            // ZooKeeper reads the body fine and refuses the flag later, with BadArguments.
            return new Request.Malformed(Code.BAD_ARGUMENTS, e.getMessage());
        }
        return switch (type) {
            case OpCodes.CREATE -> new Request.Create(path, data, acl, mode);
            case OpCodes.CREATE2 -> new Request.Create2(path, data, acl, mode);
            case OpCodes.CREATE_CONTAINER -> new Request.CreateContainer(path, data, acl, mode);
            default -> new Request.CreateTtl(path, data, acl, mode, ttlMs);
        };
    }

    private static Request readAddWatch(JuteReader in) {
        String path = in.readUstring("addWatch.path");
        int mode = in.readInt("addWatch.mode");
        try {
            return new Request.AddWatch(path, AddWatchMode.of(mode));
        } catch (IllegalArgumentException e) {
            return new Request.Malformed(Code.MARSHALLING_ERROR, "addWatch: " + e.getMessage());
        }
    }

    private static Request readWatchesRequest(int type, JuteReader in) {
        String path = in.readUstring("watches.path");
        int watcherType = in.readInt("watches.type");
        WatcherType parsed;
        try {
            parsed = WatcherType.of(watcherType);
        } catch (IllegalArgumentException e) {
            return new Request.Malformed(Code.MARSHALLING_ERROR, "checkWatches/removeWatches: " + e.getMessage());
        }
        return type == OpCodes.CHECK_WATCHES
                ? new Request.CheckWatches(path, parsed)
                : new Request.RemoveWatches(path, parsed);
    }

    /** A multi or multiRead; any bad op spoils the whole request (MarshallingError, as ZooKeeper). */
    private static Request readMulti(int type, JuteReader in) {
        boolean read = type == OpCodes.MULTI_READ;
        String name = read ? "multiRead" : "multi";
        List<Request.MultiOp> writes = read ? null : new ArrayList<>();
        List<Request.ReadOp> reads = read ? new ArrayList<>() : null;
        for (int index = 0; ; index++) {
            int opType = in.readInt("multi header type");
            boolean done = in.readBool("multi header done");
            in.readInt("multi header err");
            if (done) {
                break;
            }
            Request op = isMultiOpType(opType) ? readOp(opType, in, true) : null;
            if (op instanceof Request.Malformed m) {
                return new Request.Malformed(Code.MARSHALLING_ERROR, name + " op " + index + ": " + m.reason());
            } else if (read && op instanceof Request.ReadOp r) {
                reads.add(r);
            } else if (!read && op instanceof Request.MultiOp w) {
                writes.add(w);
            } else {
                return new Request.Malformed(Code.MARSHALLING_ERROR, name + " op " + index + ": invalid type of op "
                        + opType + (op == null ? "" : " (" + op.operation() + " cannot be mixed in)"));
            }
        }
        return read
                ? new Request.MultiRead(Collections.unmodifiableList(reads))
                : new Request.Multi(Collections.unmodifiableList(writes));
    }

    private static boolean isMultiOpType(int type) {
        return switch (type) {
            case OpCodes.CREATE, OpCodes.CREATE2, OpCodes.CREATE_CONTAINER, OpCodes.CREATE_TTL, OpCodes.DELETE,
                    OpCodes.SET_DATA, OpCodes.CHECK, OpCodes.GET_DATA, OpCodes.GET_CHILDREN -> true;
            default -> false;
        };
    }
    static ByteBuffer encode(ClientRequest clientRequest) {
        Request request = clientRequest.request();
        JuteWriter out = JuteWriter.forFrame(8 + sizeHint(request));
        out.writeInt(clientRequest.xid());
        out.writeInt(OpCodes.of(request));
        writeBody(out, request);
        return out.finishFrame();
    }

    private static void writeBody(JuteWriter out, Request request) {
        switch (request.operation()) {
            case CREATE -> {
                Request.Create c = (Request.Create) request;
                writeCreate(out, c.path(), c.data(), c.acl(), c.mode());
            }
            case CREATE2 -> {
                Request.Create2 c = (Request.Create2) request;
                writeCreate(out, c.path(), c.data(), c.acl(), c.mode());
            }
            case CREATE_CONTAINER -> {
                Request.CreateContainer c = (Request.CreateContainer) request;
                writeCreate(out, c.path(), c.data(), c.acl(), c.mode());
            }
            case CREATE_TTL -> {
                Request.CreateTtl c = (Request.CreateTtl) request;
                writeCreate(out, c.path(), c.data(), c.acl(), c.mode());
                out.writeLong(c.ttlMs());
            }
            case DELETE -> pathAndInt(out, ((Request.Delete) request).path(), ((Request.Delete) request).version());
            case EXISTS -> pathAndBool(out, ((Request.Exists) request).path(), ((Request.Exists) request).watch());
            case GET_DATA -> pathAndBool(out, ((Request.GetData) request).path(), ((Request.GetData) request).watch());
            case SET_DATA -> {
                Request.SetData s = (Request.SetData) request;
                out.writeUstring(s.path());
                out.writeBuffer(s.data());
                out.writeInt(s.version());
            }
            case GET_ACL -> out.writeUstring(((Request.GetAcl) request).path());
            case SET_ACL -> {
                Request.SetAcl s = (Request.SetAcl) request;
                out.writeUstring(s.path());
                Records.writeAclVector(out, s.acl());
                out.writeInt(s.version());
            }
            case GET_CHILDREN -> pathAndBool(out, ((Request.GetChildren) request).path(),
                    ((Request.GetChildren) request).watch());
            case GET_CHILDREN2 -> pathAndBool(out, ((Request.GetChildren2) request).path(),
                    ((Request.GetChildren2) request).watch());
            case GET_ALL_CHILDREN_NUMBER -> out.writeUstring(((Request.GetAllChildrenNumber) request).path());
            case GET_EPHEMERALS -> out.writeUstring(((Request.GetEphemerals) request).prefixPath());
            case SYNC -> out.writeUstring(((Request.Sync) request).path());
            case CHECK -> pathAndInt(out, ((Request.Check) request).path(), ((Request.Check) request).version());
            case MULTI -> writeMulti(out, ((Request.Multi) request).ops());
            case MULTI_READ -> writeMulti(out, ((Request.MultiRead) request).ops());
            case ADD_WATCH -> pathAndInt(out, ((Request.AddWatch) request).path(),
                    ((Request.AddWatch) request).mode().intValue());
            case REMOVE_WATCHES -> pathAndInt(out, ((Request.RemoveWatches) request).path(),
                    ((Request.RemoveWatches) request).type().intValue());
            case CHECK_WATCHES -> pathAndInt(out, ((Request.CheckWatches) request).path(),
                    ((Request.CheckWatches) request).type().intValue());
            case SET_WATCHES -> {
                Request.SetWatches s = (Request.SetWatches) request;
                out.writeLong(s.relativeZxid());
                out.writeUstringVector(s.dataWatches());
                out.writeUstringVector(s.existWatches());
                out.writeUstringVector(s.childWatches());
            }
            case SET_WATCHES2 -> {
                Request.SetWatches2 s = (Request.SetWatches2) request;
                out.writeLong(s.relativeZxid());
                out.writeUstringVector(s.dataWatches());
                out.writeUstringVector(s.existWatches());
                out.writeUstringVector(s.childWatches());
                out.writeUstringVector(s.persistentWatches());
                out.writeUstringVector(s.persistentRecursiveWatches());
            }
            case AUTH -> {
                Request.Auth a = (Request.Auth) request;
                out.writeInt(0);
                out.writeUstring(a.scheme());
                out.writeBuffer(a.auth());
            }
            case SASL -> out.writeBuffer(((Request.Sasl) request).token());
            case RECONFIG -> {
                Request.Reconfig r = (Request.Reconfig) request;
                out.writeUstring(r.joiningServers());
                out.writeUstring(r.leavingServers());
                out.writeUstring(r.newMembers());
                out.writeLong(r.curConfigId());
            }
            case WHO_AM_I, CLOSE_SESSION, PING, UNKNOWN -> { }
            case MALFORMED -> throw new IllegalArgumentException("a Malformed request cannot be encoded: " + request);
        }
    }

    private static void writeCreate(JuteWriter out, String path, byte[] data, List<Acl> acl, CreateMode mode) {
        out.writeUstring(path);
        out.writeBuffer(data);
        Records.writeAclVector(out, acl);
        out.writeInt(mode.flag());
    }

    private static void pathAndInt(JuteWriter out, String path, int value) {
        out.writeUstring(path);
        out.writeInt(value);
    }

    private static void pathAndBool(JuteWriter out, String path, boolean value) {
        out.writeUstring(path);
        out.writeBool(value);
    }

    private static void writeMulti(JuteWriter out, List<? extends Request> ops) {
        for (Request op : ops) {
            out.writeInt(OpCodes.of(op));
            out.writeBool(false);
            out.writeInt(-1);
            writeBody(out, op);
        }
        out.writeInt(-1);
        out.writeBool(true);
        out.writeInt(-1);
    }

    /** Enough room for the usual request in one go; the writer grows for the rest. */
    private static int sizeHint(Request request) {
        if (request instanceof Request.Multi m) {
            int total = 9;
            for (Request op : m.ops()) {
                total += 9 + sizeHint(op);
            }
            return total;
        }
        if (request instanceof Request.Create c) {
            return 64 + Records.hint(c.path()) + Records.hint(c.data()) + Records.aclHint(c.acl());
        } else if (request instanceof Request.Create2 c) {
            return 64 + Records.hint(c.path()) + Records.hint(c.data()) + Records.aclHint(c.acl());
        } else if (request instanceof Request.CreateContainer c) {
            return 64 + Records.hint(c.path()) + Records.hint(c.data()) + Records.aclHint(c.acl());
        } else if (request instanceof Request.CreateTtl c) {
            return 64 + Records.hint(c.path()) + Records.hint(c.data()) + Records.aclHint(c.acl());
        } else if (request instanceof Request.SetData s) {
            return 64 + Records.hint(s.path()) + Records.hint(s.data());
        } else if (request instanceof Request.SetWatches s) {
            return 64 + Records.hint(s.dataWatches()) + Records.hint(s.existWatches()) + Records.hint(s.childWatches());
        } else if (request instanceof Request.SetWatches2 s) {
            return 64 + Records.hint(s.dataWatches()) + Records.hint(s.existWatches()) + Records.hint(s.childWatches())
                    + Records.hint(s.persistentWatches()) + Records.hint(s.persistentRecursiveWatches());
        }
        return 128;
    }
}
