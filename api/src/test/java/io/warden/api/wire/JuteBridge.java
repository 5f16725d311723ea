package io.warden.api.wire;

import io.warden.api.data.Acl;
import io.warden.api.data.AddWatchMode;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EventType;
import io.warden.api.data.Id;
import io.warden.api.data.KeeperState;
import io.warden.api.data.WatcherType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.InputArchive;
import org.apache.jute.OutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.MultiOperationRecord;
import org.apache.zookeeper.MultiResponse;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.compat.ProtocolManager;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.proto.*;

/**
 * The reference side of the cross-checks: frames written and read by ZooKeeper's own jute
 * classes (zookeeper-jute and zookeeper 3.9.5, test scope only), and the field-by-field mapping
 * between those classes and Warden's records. Opcodes here come from ZooKeeper's
 * {@code ZooDefs.OpCode}, not from the codec under test.
 */
final class JuteBridge {
    private JuteBridge() {}

    // ---- frames as a ZooKeeper client or server writes them: length placeholder, records, patched length

    static byte[] requestFrame(ClientRequest request) throws IOException {
        return frame(out -> {
            new RequestHeader(request.xid(), opCode(request.request())).serialize(out, "header");
            Record body = toJute(request.request());
            if (body != null) {
                body.serialize(out, "request");
            }
        });
    }

    static byte[] replyFrame(ReplyHeader header, Response response) throws IOException {
        return frame(out -> {
            new org.apache.zookeeper.proto.ReplyHeader(header.xid(), header.zxid(), header.err().intValue())
                    .serialize(out, "header");
            Record body = toJute(response);
            if (body != null) {
                body.serialize(out, "response");
            }
        });
    }

    static byte[] eventFrame(WatcherEvent event) throws IOException {
        return frame(out -> {
            new org.apache.zookeeper.proto.ReplyHeader(-1, event.zxid(), 0).serialize(out, "header");
            new org.apache.zookeeper.proto.WatcherEvent(event.type().intValue(), event.state().intValue(), event.path())
                    .serialize(out, "response");
        });
    }

    static byte[] connectRequestFrame(ConnectRequest r) throws IOException {
        return frame(out -> {
            if (r.hasReadOnlyFlag()) {
                new org.apache.zookeeper.proto.ConnectRequest(r.protocolVersion(), r.lastZxidSeen(),
                        r.sessionTimeoutMs(), r.sessionId(), r.passwd(), r.readOnly()).serialize(out, "connect");
            } else {
                // What a client older than read-only mode sends: the record without its last field.
                out.writeInt(r.protocolVersion(), "protocolVersion");
                out.writeLong(r.lastZxidSeen(), "lastZxidSeen");
                out.writeInt(r.sessionTimeoutMs(), "timeOut");
                out.writeLong(r.sessionId(), "sessionId");
                out.writeBuffer(r.passwd(), "passwd");
            }
        });
    }

    /** The server's reply as ZooKeeper's ProtocolManager writes it, with or without the readOnly flag. */
    static byte[] connectResponseFrame(ConnectResponse r) throws IOException {
        ProtocolManager manager = new ProtocolManager();
        byte[] hello = connectRequestFrame(new ConnectRequest(0, 0, 0, 0, new byte[16], false, r.hasReadOnlyFlag()));
        manager.deserializeConnectRequest(archive(hello));
        return frame(out -> manager.serializeConnectResponse(new org.apache.zookeeper.proto.ConnectResponse(
                r.protocolVersion(), r.sessionTimeoutMs(), r.sessionId(), r.passwd(), r.readOnly()), out));
    }

    // ---- frames read by ZooKeeper's classes, mapped back to Warden's records

    static ClientRequest readRequest(byte[] frame) throws IOException {
        InputArchive in = archive(frame);
        RequestHeader header = new RequestHeader();
        header.deserialize(in, "header");
        return new ClientRequest(header.getXid(), readRequestBody(header.getType(), in));
    }

    static Reply readReply(byte[] frame, Request sent) throws IOException {
        InputArchive in = archive(frame);
        var header = new org.apache.zookeeper.proto.ReplyHeader();
        header.deserialize(in, "header");
        ReplyHeader wardenHeader = new ReplyHeader(header.getXid(), header.getZxid(), Code.of(header.getErr()));
        Response body = header.getErr() == 0 ? readResponseBody(sent, in) : Response.Empty.INSTANCE;
        return new Reply(wardenHeader, body);
    }

    static WatcherEvent readEvent(byte[] frame) throws IOException {
        InputArchive in = archive(frame);
        var header = new org.apache.zookeeper.proto.ReplyHeader();
        header.deserialize(in, "header");
        var event = new org.apache.zookeeper.proto.WatcherEvent();
        event.deserialize(in, "response");
        return new WatcherEvent(EventType.of(event.getType()), KeeperState.of(event.getState()), event.getPath(),
                header.getZxid());
    }

    /** Read by ZooKeeper's server-side ProtocolManager, which also tells whether readOnly was there. */
    static ConnectRequest readConnectRequest(byte[] frame) throws IOException {
        ProtocolManager manager = new ProtocolManager();
        var r = manager.deserializeConnectRequest(archive(frame));
        return new ConnectRequest(r.getProtocolVersion(), r.getLastZxidSeen(), r.getTimeOut(), r.getSessionId(),
                r.getPasswd(), r.getReadOnly(), manager.isReadonlyAvailable());
    }

    static ConnectResponse readConnectResponse(byte[] frame, boolean expectFlag) throws IOException {
        ProtocolManager manager = new ProtocolManager();
        manager.deserializeConnectRequest(archive(connectRequestFrame(
                new ConnectRequest(0, 0, 0, 0, new byte[16], false, expectFlag))));
        var r = manager.deserializeConnectResponse(archive(frame));
        return new ConnectResponse(r.getProtocolVersion(), r.getTimeOut(), r.getSessionId(), r.getPasswd(),
                r.getReadOnly(), expectFlag);
    }

    // ---- requests

    static int opCode(Request request) {
        return switch (request.operation()) {
            case CREATE -> OpCode.create;
            case CREATE2 -> OpCode.create2;
            case CREATE_CONTAINER -> OpCode.createContainer;
            case CREATE_TTL -> OpCode.createTTL;
            case DELETE -> OpCode.delete;
            case EXISTS -> OpCode.exists;
            case GET_DATA -> OpCode.getData;
            case SET_DATA -> OpCode.setData;
            case GET_ACL -> OpCode.getACL;
            case SET_ACL -> OpCode.setACL;
            case GET_CHILDREN -> OpCode.getChildren;
            case GET_CHILDREN2 -> OpCode.getChildren2;
            case GET_ALL_CHILDREN_NUMBER -> OpCode.getAllChildrenNumber;
            case GET_EPHEMERALS -> OpCode.getEphemerals;
            case SYNC -> OpCode.sync;
            case CHECK -> OpCode.check;
            case MULTI -> OpCode.multi;
            case MULTI_READ -> OpCode.multiRead;
            case ADD_WATCH -> OpCode.addWatch;
            case REMOVE_WATCHES -> OpCode.removeWatches;
            case CHECK_WATCHES -> OpCode.checkWatches;
            case SET_WATCHES -> OpCode.setWatches;
            case SET_WATCHES2 -> OpCode.setWatches2;
            case AUTH -> OpCode.auth;
            case SASL -> OpCode.sasl;
            case RECONFIG -> OpCode.reconfig;
            case WHO_AM_I -> OpCode.whoAmI;
            case CLOSE_SESSION -> OpCode.closeSession;
            case PING -> OpCode.ping;
            case UNKNOWN -> ((Request.Unknown) request).opCode();
            case MALFORMED -> throw new IllegalArgumentException();
        };
    }

    static Record toJute(Request r) {
        if (r instanceof Request.Create c) {
            return new CreateRequest(c.path(), c.data(), acl(c.acl()), c.mode().flag());
        } else if (r instanceof Request.Create2 c) {
            return new CreateRequest(c.path(), c.data(), acl(c.acl()), c.mode().flag());
        } else if (r instanceof Request.CreateContainer c) {
            return new CreateRequest(c.path(), c.data(), acl(c.acl()), c.mode().flag());
        } else if (r instanceof Request.CreateTtl c) {
            return new CreateTTLRequest(c.path(), c.data(), acl(c.acl()), c.mode().flag(), c.ttlMs());
        } else if (r instanceof Request.Delete d) {
            return new DeleteRequest(d.path(), d.version());
        } else if (r instanceof Request.Exists e) {
            return new ExistsRequest(e.path(), e.watch());
        } else if (r instanceof Request.GetData g) {
            return new GetDataRequest(g.path(), g.watch());
        } else if (r instanceof Request.SetData s) {
            return new SetDataRequest(s.path(), s.data(), s.version());
        } else if (r instanceof Request.GetAcl g) {
            return new GetACLRequest(g.path());
        } else if (r instanceof Request.SetAcl s) {
            return new SetACLRequest(s.path(), acl(s.acl()), s.version());
        } else if (r instanceof Request.GetChildren g) {
            return new GetChildrenRequest(g.path(), g.watch());
        } else if (r instanceof Request.GetChildren2 g) {
            return new GetChildren2Request(g.path(), g.watch());
        } else if (r instanceof Request.GetAllChildrenNumber g) {
            return new GetAllChildrenNumberRequest(g.path());
        } else if (r instanceof Request.GetEphemerals g) {
            return new GetEphemeralsRequest(g.prefixPath());
        } else if (r instanceof Request.Sync s) {
            return new SyncRequest(s.path());
        } else if (r instanceof Request.Check c) {
            return new CheckVersionRequest(c.path(), c.version());
        } else if (r instanceof Request.Multi m) {
            return multiRecord(m.ops());
        } else if (r instanceof Request.MultiRead m) {
            return multiRecord(m.ops());
        } else if (r instanceof Request.AddWatch a) {
            return new AddWatchRequest(a.path(), a.mode().intValue());
        } else if (r instanceof Request.RemoveWatches w) {
            return new RemoveWatchesRequest(w.path(), w.type().intValue());
        } else if (r instanceof Request.CheckWatches w) {
            return new CheckWatchesRequest(w.path(), w.type().intValue());
        } else if (r instanceof Request.SetWatches s) {
            return new SetWatches(s.relativeZxid(), s.dataWatches(), s.existWatches(), s.childWatches());
        } else if (r instanceof Request.SetWatches2 s) {
            return new SetWatches2(s.relativeZxid(), s.dataWatches(), s.existWatches(), s.childWatches(),
                    s.persistentWatches(), s.persistentRecursiveWatches());
        } else if (r instanceof Request.Auth a) {
            return new AuthPacket(0, a.scheme(), a.auth());
        } else if (r instanceof Request.Sasl s) {
            return new GetSASLRequest(s.token());
        } else if (r instanceof Request.Reconfig c) {
            return new ReconfigRequest(c.joiningServers(), c.leavingServers(), c.newMembers(), c.curConfigId());
        }
        return null; // whoAmI, closeSession, ping, unknown: header only
    }

    /** A multi body: MultiHeader and jute record per op, then the terminator, as MultiOperationRecord writes it. */
    private static Record multiRecord(List<? extends Request> ops) {
        return new Record() {
            @Override public void serialize(OutputArchive out, String tag) throws IOException {
                for (Request op : ops) {
                    new MultiHeader(opCode(op), false, -1).serialize(out, tag);
                    toJute(op).serialize(out, tag);
                }
                new MultiHeader(-1, true, -1).serialize(out, tag);
            }

            @Override public void deserialize(InputArchive in, String tag) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static Request readRequestBody(int type, InputArchive in) throws IOException {
        switch (type) {
            case OpCode.ping: return Request.Ping.INSTANCE;
            case OpCode.closeSession: return Request.CloseSession.INSTANCE;
            case OpCode.whoAmI: return Request.WhoAmI.INSTANCE;
            case OpCode.multi:
            case OpCode.multiRead: {
                // ZooKeeper's own multi parser.
                MultiOperationRecord multi = new MultiOperationRecord();
                multi.deserialize(in, "request");
                List<Request.MultiOp> writes = new ArrayList<>();
                List<Request.ReadOp> reads = new ArrayList<>();
                for (Op op : multi) {
                    Request parsed = fromJute(op.getType(), op.toRequestRecord());
                    if (type == OpCode.multi) {
                        writes.add((Request.MultiOp) parsed);
                    } else {
                        reads.add((Request.ReadOp) parsed);
                    }
                }
                return type == OpCode.multi ? new Request.Multi(writes) : new Request.MultiRead(reads);
            }
            default: {
                Record record = emptyRequestRecord(type);
                if (record == null) {
                    return new Request.Unknown(type);
                }
                record.deserialize(in, "request");
                return fromJute(type, record);
            }
        }
    }

    private static Record emptyRequestRecord(int type) {
        return switch (type) {
            case OpCode.create, OpCode.create2, OpCode.createContainer -> new CreateRequest();
            case OpCode.createTTL -> new CreateTTLRequest();
            case OpCode.delete -> new DeleteRequest();
            case OpCode.exists -> new ExistsRequest();
            case OpCode.getData -> new GetDataRequest();
            case OpCode.setData -> new SetDataRequest();
            case OpCode.getACL -> new GetACLRequest();
            case OpCode.setACL -> new SetACLRequest();
            case OpCode.getChildren -> new GetChildrenRequest();
            case OpCode.getChildren2 -> new GetChildren2Request();
            case OpCode.getAllChildrenNumber -> new GetAllChildrenNumberRequest();
            case OpCode.getEphemerals -> new GetEphemeralsRequest();
            case OpCode.sync -> new SyncRequest();
            case OpCode.check -> new CheckVersionRequest();
            case OpCode.addWatch -> new AddWatchRequest();
            case OpCode.removeWatches -> new RemoveWatchesRequest();
            case OpCode.checkWatches -> new CheckWatchesRequest();
            case OpCode.setWatches -> new SetWatches();
            case OpCode.setWatches2 -> new SetWatches2();
            case OpCode.auth -> new AuthPacket();
            case OpCode.sasl -> new GetSASLRequest();
            case OpCode.reconfig -> new ReconfigRequest();
            default -> null;
        };
    }

    private static Request fromJute(int type, Record record) {
        switch (type) {
            case OpCode.create, OpCode.create2, OpCode.createContainer: {
                CreateRequest c = (CreateRequest) record;
                CreateMode mode = CreateMode.fromFlag(c.getFlags());
                List<Acl> acl = acl2(c.getAcl());
                return type == OpCode.create ? new Request.Create(c.getPath(), c.getData(), acl, mode)
                        : type == OpCode.create2 ? new Request.Create2(c.getPath(), c.getData(), acl, mode)
                        : new Request.CreateContainer(c.getPath(), c.getData(), acl, mode);
            }
            case OpCode.createTTL: {
                CreateTTLRequest c = (CreateTTLRequest) record;
                return new Request.CreateTtl(c.getPath(), c.getData(), acl2(c.getAcl()), CreateMode.fromFlag(c.getFlags()),
                        c.getTtl());
            }
            default:
                break;
        }
        if (record instanceof DeleteRequest d) {
            return new Request.Delete(d.getPath(), d.getVersion());
        } else if (record instanceof ExistsRequest e) {
            return new Request.Exists(e.getPath(), e.getWatch());
        } else if (record instanceof GetDataRequest g) {
            return new Request.GetData(g.getPath(), g.getWatch());
        } else if (record instanceof SetDataRequest s) {
            return new Request.SetData(s.getPath(), s.getData(), s.getVersion());
        } else if (record instanceof GetACLRequest g) {
            return new Request.GetAcl(g.getPath());
        } else if (record instanceof SetACLRequest s) {
            return new Request.SetAcl(s.getPath(), acl2(s.getAcl()), s.getVersion());
        } else if (record instanceof GetChildrenRequest g) {
            return new Request.GetChildren(g.getPath(), g.getWatch());
        } else if (record instanceof GetChildren2Request g) {
            return new Request.GetChildren2(g.getPath(), g.getWatch());
        } else if (record instanceof GetAllChildrenNumberRequest g) {
            return new Request.GetAllChildrenNumber(g.getPath());
        } else if (record instanceof GetEphemeralsRequest g) {
            return new Request.GetEphemerals(g.getPrefixPath());
        } else if (record instanceof SyncRequest s) {
            return new Request.Sync(s.getPath());
        } else if (record instanceof CheckVersionRequest c) {
            return new Request.Check(c.getPath(), c.getVersion());
        } else if (record instanceof AddWatchRequest a) {
            return new Request.AddWatch(a.getPath(), AddWatchMode.of(a.getMode()));
        } else if (record instanceof RemoveWatchesRequest w) {
            return new Request.RemoveWatches(w.getPath(), WatcherType.of(w.getType()));
        } else if (record instanceof CheckWatchesRequest w) {
            return new Request.CheckWatches(w.getPath(), WatcherType.of(w.getType()));
        } else if (record instanceof SetWatches s) {
            return new Request.SetWatches(s.getRelativeZxid(), s.getDataWatches(), s.getExistWatches(),
                    s.getChildWatches());
        } else if (record instanceof SetWatches2 s) {
            return new Request.SetWatches2(s.getRelativeZxid(), s.getDataWatches(), s.getExistWatches(),
                    s.getChildWatches(), s.getPersistentWatches(), s.getPersistentRecursiveWatches());
        } else if (record instanceof AuthPacket a) {
            return new Request.Auth(a.getScheme(), a.getAuth());
        } else if (record instanceof GetSASLRequest s) {
            return new Request.Sasl(s.getToken());
        } else if (record instanceof ReconfigRequest c) {
            return new Request.Reconfig(c.getJoiningServers(), c.getLeavingServers(), c.getNewMembers(),
                    c.getCurConfigId());
        }
        throw new IllegalArgumentException("no mapping for " + record.getClass());
    }

    // ---- responses

    static Record toJute(Response r) {
        if (r instanceof Response.Empty) {
            return null;
        } else if (r instanceof Response.Create c) {
            return new CreateResponse(c.path());
        } else if (r instanceof Response.Create2 c) {
            return new Create2Response(c.path(), stat(c.stat()));
        } else if (r instanceof Response.NodeStat s) {
            return new SetDataResponse(stat(s.stat()));
        } else if (r instanceof Response.GetData g) {
            return new GetDataResponse(g.data(), stat(g.stat()));
        } else if (r instanceof Response.GetChildren g) {
            return new GetChildrenResponse(g.children());
        } else if (r instanceof Response.GetChildren2 g) {
            return new GetChildren2Response(g.children(), stat(g.stat()));
        } else if (r instanceof Response.GetAcl g) {
            return new GetACLResponse(acl(g.acl()), stat(g.stat()));
        } else if (r instanceof Response.SetAcl s) {
            return new SetACLResponse(stat(s.stat()));
        } else if (r instanceof Response.Sync s) {
            return new SyncResponse(s.path());
        } else if (r instanceof Response.GetAllChildrenNumber n) {
            return new GetAllChildrenNumberResponse(n.totalNumber());
        } else if (r instanceof Response.GetEphemerals e) {
            return new GetEphemeralsResponse(e.ephemerals());
        } else if (r instanceof Response.WhoAmI w) {
            List<ClientInfo> infos = null;
            if (w.clientInfo() != null) {
                infos = new ArrayList<>();
                for (io.warden.api.wire.ClientInfo i : w.clientInfo()) {
                    infos.add(new ClientInfo(i.authScheme(), i.user()));
                }
            }
            return new WhoAmIResponse(infos);
        } else if (r instanceof Response.AddWatch) {
            return new ErrorResponse(0);
        } else if (r instanceof Response.Sasl s) {
            return new SetSASLResponse(s.token());
        } else if (r instanceof Response.Multi m) {
            MultiResponse multi = new MultiResponse();
            for (OpResult result : m.results()) {
                multi.add(toJute(result));
            }
            return multi;
        }
        throw new IllegalArgumentException("no mapping for " + r);
    }

    private static org.apache.zookeeper.OpResult toJute(OpResult r) {
        if (r instanceof OpResult.CreateResult c) {
            return new org.apache.zookeeper.OpResult.CreateResult(c.path());
        } else if (r instanceof OpResult.Create2Result c) {
            return new org.apache.zookeeper.OpResult.CreateResult(c.path(), stat(c.stat()));
        } else if (r instanceof OpResult.DeleteResult) {
            return new org.apache.zookeeper.OpResult.DeleteResult();
        } else if (r instanceof OpResult.SetDataResult s) {
            return new org.apache.zookeeper.OpResult.SetDataResult(stat(s.stat()));
        } else if (r instanceof OpResult.CheckResult) {
            return new org.apache.zookeeper.OpResult.CheckResult();
        } else if (r instanceof OpResult.GetDataResult g) {
            return new org.apache.zookeeper.OpResult.GetDataResult(g.data(), stat(g.stat()));
        } else if (r instanceof OpResult.GetChildrenResult g) {
            return new org.apache.zookeeper.OpResult.GetChildrenResult(g.children());
        } else if (r instanceof OpResult.ErrorResult e) {
            return new org.apache.zookeeper.OpResult.ErrorResult(e.err().intValue());
        }
        throw new IllegalArgumentException("no mapping for " + r);
    }

    private static Response readResponseBody(Request sent, InputArchive in) throws IOException {
        switch (sent.operation()) {
            case CREATE: {
                CreateResponse r = read(new CreateResponse(), in);
                return new Response.Create(r.getPath());
            }
            case CREATE2: case CREATE_CONTAINER: case CREATE_TTL: {
                Create2Response r = read(new Create2Response(), in);
                return new Response.Create2(r.getPath(), stat(r.getStat()));
            }
            case EXISTS: return new Response.NodeStat(stat(read(new ExistsResponse(), in).getStat()));
            case SET_DATA: case CHECK: return new Response.NodeStat(stat(read(new SetDataResponse(), in).getStat()));
            case GET_DATA: case RECONFIG: {
                GetDataResponse r = read(new GetDataResponse(), in);
                return new Response.GetData(r.getData(), stat(r.getStat()));
            }
            case GET_ACL: {
                GetACLResponse r = read(new GetACLResponse(), in);
                return new Response.GetAcl(acl2(r.getAcl()), stat(r.getStat()));
            }
            case SET_ACL: return new Response.SetAcl(stat(read(new SetACLResponse(), in).getStat()));
            case GET_CHILDREN: return new Response.GetChildren(read(new GetChildrenResponse(), in).getChildren());
            case GET_CHILDREN2: {
                GetChildren2Response r = read(new GetChildren2Response(), in);
                return new Response.GetChildren2(r.getChildren(), stat(r.getStat()));
            }
            case GET_ALL_CHILDREN_NUMBER:
                return new Response.GetAllChildrenNumber(read(new GetAllChildrenNumberResponse(), in).getTotalNumber());
            case GET_EPHEMERALS:
                return new Response.GetEphemerals(read(new GetEphemeralsResponse(), in).getEphemerals());
            case SYNC: return new Response.Sync(read(new SyncResponse(), in).getPath());
            case WHO_AM_I: {
                List<ClientInfo> infos = read(new WhoAmIResponse(), in).getClientInfo();
                if (infos == null) {
                    return new Response.WhoAmI(null);
                }
                List<io.warden.api.wire.ClientInfo> mapped = new ArrayList<>();
                for (ClientInfo i : infos) {
                    mapped.add(new io.warden.api.wire.ClientInfo(i.getAuthScheme(), i.getUser()));
                }
                return new Response.WhoAmI(mapped);
            }
            case ADD_WATCH: {
                int err = read(new ErrorResponse(), in).getErr();
                if (err != 0) {
                    throw new IOException("addWatch body err " + err);
                }
                return Response.AddWatch.INSTANCE;
            }
            case SASL: return new Response.Sasl(read(new SetSASLResponse(), in).getToken());
            case MULTI: case MULTI_READ: {
                List<OpResult> results = new ArrayList<>();
                for (org.apache.zookeeper.OpResult r : read(new MultiResponse(), in)) {
                    results.add(fromJute(r));
                }
                return new Response.Multi(results);
            }
            default: return Response.Empty.INSTANCE;
        }
    }

    private static OpResult fromJute(org.apache.zookeeper.OpResult r) {
        if (r instanceof org.apache.zookeeper.OpResult.CreateResult c) {
            return r.getType() == OpCode.create ? new OpResult.CreateResult(c.getPath())
                    : new OpResult.Create2Result(c.getPath(), stat(c.getStat()));
        } else if (r instanceof org.apache.zookeeper.OpResult.DeleteResult) {
            return OpResult.DeleteResult.INSTANCE;
        } else if (r instanceof org.apache.zookeeper.OpResult.SetDataResult s) {
            return new OpResult.SetDataResult(stat(s.getStat()));
        } else if (r instanceof org.apache.zookeeper.OpResult.CheckResult) {
            return OpResult.CheckResult.INSTANCE;
        } else if (r instanceof org.apache.zookeeper.OpResult.GetDataResult g) {
            return new OpResult.GetDataResult(g.getData(), stat(g.getStat()));
        } else if (r instanceof org.apache.zookeeper.OpResult.GetChildrenResult g) {
            return new OpResult.GetChildrenResult(g.getChildren());
        } else if (r instanceof org.apache.zookeeper.OpResult.ErrorResult e) {
            return new OpResult.ErrorResult(Code.of(e.getErr()));
        }
        throw new IllegalArgumentException("no mapping for " + r);
    }

    // ---- helpers

    private static <R extends Record> R read(R record, InputArchive in) throws IOException {
        record.deserialize(in, "response");
        return record;
    }

    static Stat stat(io.warden.api.data.Stat s) {
        return new Stat(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(), s.cversion(), s.aversion(),
                s.ephemeralOwner(), s.dataLength(), s.numChildren(), s.pzxid());
    }

    static io.warden.api.data.Stat stat(Stat s) {
        return new io.warden.api.data.Stat(s.getCzxid(), s.getMzxid(), s.getCtime(), s.getMtime(), s.getVersion(),
                s.getCversion(), s.getAversion(), s.getEphemeralOwner(), s.getDataLength(), s.getNumChildren(),
                s.getPzxid());
    }

    private static List<ACL> acl(List<Acl> acl) {
        if (acl == null) {
            return null;
        }
        List<ACL> out = new ArrayList<>();
        for (Acl a : acl) {
            out.add(new ACL(a.perms(), new org.apache.zookeeper.data.Id(a.id().scheme(), a.id().id())));
        }
        return out;
    }

    private static List<Acl> acl2(List<ACL> acl) {
        if (acl == null) {
            return null;
        }
        List<Acl> out = new ArrayList<>();
        for (ACL a : acl) {
            out.add(new Acl(a.getPerms(), new Id(a.getId().getScheme(), a.getId().getId())));
        }
        return out;
    }

    private static InputArchive archive(byte[] frame) throws IOException {
        DataInputStream data = new DataInputStream(new ByteArrayInputStream(frame));
        int length = data.readInt();
        if (length != frame.length - 4) {
            throw new IOException("length prefix " + length + " for a frame of " + frame.length + " bytes");
        }
        return BinaryInputArchive.getArchive(data);
    }

    private interface Body {
        void write(OutputArchive out) throws IOException;
    }

    private static byte[] frame(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryOutputArchive out = BinaryOutputArchive.getArchive(bytes);
        out.writeInt(-1, "len");
        body.write(out);
        byte[] frame = bytes.toByteArray();
        ByteBuffer.wrap(frame).putInt(frame.length - 4);
        return frame;
    }
}
