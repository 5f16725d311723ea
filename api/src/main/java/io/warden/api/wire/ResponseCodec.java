package io.warden.api.wire;

import io.warden.api.data.Code;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reply frames:
 * <pre>
 * reply        = xid:int zxid:long err:int [body]       ; the body only when err = 0
 * Create       = path:ustring              Create2 = path:ustring Stat
 * NodeStat, SetAcl = Stat                  GetData = data:buffer Stat
 * GetChildren, GetEphemerals = vector&lt;ustring&gt;   GetChildren2 = children:vector&lt;ustring&gt; Stat
 * GetAcl       = acl:vector&lt;ACL&gt; Stat       Sync = path:ustring
 * GetAllChildrenNumber = totalNumber:int   WhoAmI = vector&lt;ClientInfo&gt;
 * AddWatch     = err:int (always 0)        Sasl = token:buffer
 * Multi        = (MultiHeader(type, false, err) result)* MultiHeader(-1, true, -1)
 *   result by type: create(1) path:ustring | create2(15) path:ustring Stat | setData(5) Stat
 *                   | delete(2), check(13) nothing | getData(4) data:buffer Stat
 *                   | getChildren(8) vector&lt;ustring&gt; | error(-1) err:int   ; MultiHeader.err = err here, else 0
 * notification = reply header (xid -1, err 0) type:int state:int path:ustring
 * </pre>
 * ZooKeeper sometimes appends a stale body to an error reply (a failed create still carries a
 * CreateResponse); every client ignores it, and so does {@link #decode}. Warden never sends one.
 */
final class ResponseCodec {
    static final int REPLY_HEADER_BYTES = 16;

    private ResponseCodec() {}

    static ByteBuffer encode(ReplyHeader header, Response response) {
        if (header.err() != Code.OK && !(response instanceof Response.Empty)) {
            throw new IllegalArgumentException("an error reply (" + header.err() + ") carries no body, got " + response);
        }
        JuteWriter out = JuteWriter.forFrame(REPLY_HEADER_BYTES + sizeHint(response));
        writeHeader(out, header);
        writeBody(out, response);
        return out.finishFrame();
    }

    static void writeHeader(JuteWriter out, ReplyHeader header) {
        out.writeInt(header.xid());
        out.writeLong(header.zxid());
        out.writeInt(header.err().intValue());
    }

    static ReplyHeader readHeader(JuteReader in) {
        int xid = in.readInt("reply header xid");
        long zxid = in.readLong("reply header zxid");
        return new ReplyHeader(xid, zxid, code(in.readInt("reply header err")));
    }

    private static void writeBody(JuteWriter out, Response response) {
        if (response instanceof Response.Empty) {
            return;
        } else if (response instanceof Response.GetData g) {
            out.writeBuffer(g.data());
            Records.writeStat(out, g.stat());
        } else if (response instanceof Response.NodeStat s) {
            Records.writeStat(out, s.stat());
        } else if (response instanceof Response.Create c) {
            out.writeUstring(c.path());
        } else if (response instanceof Response.Create2 c) {
            out.writeUstring(c.path());
            Records.writeStat(out, c.stat());
        } else if (response instanceof Response.GetChildren g) {
            out.writeUstringVector(g.children());
        } else if (response instanceof Response.GetChildren2 g) {
            out.writeUstringVector(g.children());
            Records.writeStat(out, g.stat());
        } else if (response instanceof Response.GetAcl g) {
            Records.writeAclVector(out, g.acl());
            Records.writeStat(out, g.stat());
        } else if (response instanceof Response.SetAcl s) {
            Records.writeStat(out, s.stat());
        } else if (response instanceof Response.Sync s) {
            out.writeUstring(s.path());
        } else if (response instanceof Response.GetAllChildrenNumber n) {
            out.writeInt(n.totalNumber());
        } else if (response instanceof Response.GetEphemerals e) {
            out.writeUstringVector(e.ephemerals());
        } else if (response instanceof Response.WhoAmI w) {
            out.writeVector(w.clientInfo(), Records::writeClientInfo);
        } else if (response instanceof Response.AddWatch) {
            out.writeInt(Code.OK.intValue());
        } else if (response instanceof Response.Sasl s) {
            out.writeBuffer(s.token());
        } else if (response instanceof Response.Multi m) {
            writeMultiResults(out, m.results());
        } else {
            throw new IllegalStateException("unhandled response type " + response.getClass());
        }
    }

    private static void writeMultiResults(JuteWriter out, List<OpResult> results) {
        for (OpResult result : results) {
            if (result instanceof OpResult.ErrorResult e) {
                multiHeader(out, OpCodes.ERROR, e.err().intValue());
                out.writeInt(e.err().intValue());
            } else if (result instanceof OpResult.CreateResult c) {
                multiHeader(out, OpCodes.CREATE, 0);
                out.writeUstring(c.path());
            } else if (result instanceof OpResult.Create2Result c) {
                multiHeader(out, OpCodes.CREATE2, 0);
                out.writeUstring(c.path());
                Records.writeStat(out, c.stat());
            } else if (result instanceof OpResult.SetDataResult s) {
                multiHeader(out, OpCodes.SET_DATA, 0);
                Records.writeStat(out, s.stat());
            } else if (result instanceof OpResult.DeleteResult) {
                multiHeader(out, OpCodes.DELETE, 0);
            } else if (result instanceof OpResult.CheckResult) {
                multiHeader(out, OpCodes.CHECK, 0);
            } else if (result instanceof OpResult.GetDataResult g) {
                multiHeader(out, OpCodes.GET_DATA, 0);
                out.writeBuffer(g.data());
                Records.writeStat(out, g.stat());
            } else if (result instanceof OpResult.GetChildrenResult g) {
                multiHeader(out, OpCodes.GET_CHILDREN, 0);
                out.writeUstringVector(g.children());
            } else {
                throw new IllegalStateException("unhandled op result type " + result.getClass());
            }
        }
        out.writeInt(-1);
        out.writeBool(true);
        out.writeInt(-1);
    }

    private static void multiHeader(JuteWriter out, int type, int err) {
        out.writeInt(type);
        out.writeBool(false);
        out.writeInt(err);
    }

    /** The body of a reply to {@code sent}; Empty for an error reply, whatever follows the header. */
    static Response decodeBody(ReplyHeader header, Request sent, JuteReader in) {
        if (header.err() != Code.OK) {
            return Response.Empty.INSTANCE;
        }
        return switch (sent.operation()) {
            case CREATE -> new Response.Create(in.readUstring("create.path"));
            case CREATE2, CREATE_CONTAINER, CREATE_TTL ->
                    new Response.Create2(in.readUstring("create2.path"), Records.readStat(in));
            case EXISTS, SET_DATA, CHECK -> new Response.NodeStat(Records.readStat(in));
            case GET_DATA, RECONFIG -> new Response.GetData(in.readBuffer("getData.data"), Records.readStat(in));
            case GET_ACL -> new Response.GetAcl(Records.readAclVector(in, "getACL.acl"), Records.readStat(in));
            case SET_ACL -> new Response.SetAcl(Records.readStat(in));
            case GET_CHILDREN -> new Response.GetChildren(in.readUstringVector("getChildren.children"));
            case GET_CHILDREN2 ->
                    new Response.GetChildren2(in.readUstringVector("getChildren2.children"), Records.readStat(in));
            case GET_ALL_CHILDREN_NUMBER ->
                    new Response.GetAllChildrenNumber(in.readInt("getAllChildrenNumber.totalNumber"));
            case GET_EPHEMERALS -> new Response.GetEphemerals(in.readUstringVector("getEphemerals.ephemerals"));
            case SYNC -> new Response.Sync(in.readUstring("sync.path"));
            case WHO_AM_I -> new Response.WhoAmI(
                    in.readVector("whoAmI.clientInfo", Records.MIN_CLIENT_INFO_BYTES, Records::readClientInfo));
            case ADD_WATCH -> {
                in.readInt("addWatch.err");
                yield Response.AddWatch.INSTANCE;
            }
            case SASL -> new Response.Sasl(in.readBuffer("sasl.token"));
            case MULTI, MULTI_READ -> new Response.Multi(readMultiResults(in));
            case DELETE, PING, AUTH, SET_WATCHES, SET_WATCHES2, CHECK_WATCHES, REMOVE_WATCHES, CLOSE_SESSION,
                    UNKNOWN, MALFORMED -> Response.Empty.INSTANCE;
        };
    }

    private static List<OpResult> readMultiResults(JuteReader in) {
        List<OpResult> results = new ArrayList<>();
        while (true) {
            int type = in.readInt("multi result header type");
            boolean done = in.readBool("multi result header done");
            in.readInt("multi result header err");
            if (done) {
                return Collections.unmodifiableList(results);
            }
            results.add(switch (type) {
                case OpCodes.CREATE -> new OpResult.CreateResult(in.readUstring("multi create.path"));
                case OpCodes.CREATE2 -> new OpResult.Create2Result(in.readUstring("multi create2.path"),
                        Records.readStat(in));
                case OpCodes.SET_DATA -> new OpResult.SetDataResult(Records.readStat(in));
                case OpCodes.DELETE -> OpResult.DeleteResult.INSTANCE;
                case OpCodes.CHECK -> OpResult.CheckResult.INSTANCE;
                case OpCodes.GET_DATA -> new OpResult.GetDataResult(in.readBuffer("multi getData.data"),
                        Records.readStat(in));
                case OpCodes.GET_CHILDREN ->
                        new OpResult.GetChildrenResult(in.readUstringVector("multi getChildren.children"));
                case OpCodes.ERROR -> new OpResult.ErrorResult(code(in.readInt("multi error.err")));
                default -> throw new WireFormatException("multi result: invalid type " + type);
            });
        }
    }

    static Code code(int value) {
        try {
            return Code.of(value);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("unknown result code " + value, e);
        }
    }

    /** Enough room for the usual reply in one go; the writer grows for the rest. */
    static int sizeHint(Response response) {
        if (response instanceof Response.GetData g) {
            return Records.hint(g.data()) + Records.STAT_BYTES;
        } else if (response instanceof Response.GetChildren g) {
            return Records.hint(g.children());
        } else if (response instanceof Response.GetChildren2 g) {
            return Records.hint(g.children()) + Records.STAT_BYTES;
        } else if (response instanceof Response.GetEphemerals e) {
            return Records.hint(e.ephemerals());
        } else if (response instanceof Response.GetAcl g) {
            return Records.aclHint(g.acl()) + Records.STAT_BYTES;
        } else if (response instanceof Response.Multi m) {
            int total = 9;
            for (OpResult r : m.results()) {
                total += 9 + opResultHint(r);
            }
            return total;
        }
        return 128;
    }

    private static int opResultHint(OpResult result) {
        if (result instanceof OpResult.GetDataResult g) {
            return Records.hint(g.data()) + Records.STAT_BYTES;
        } else if (result instanceof OpResult.GetChildrenResult g) {
            return Records.hint(g.children());
        }
        return 128;
    }
}
