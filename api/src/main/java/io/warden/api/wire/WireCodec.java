package io.warden.api.wire;

import io.warden.api.data.Code;
import io.warden.api.data.EventType;
import io.warden.api.data.KeeperState;
import java.nio.ByteBuffer;

/**
 * The ZooKeeper client protocol, both sides. Stateless and thread-safe.
 *
 * <p>Decoders take a frame's payload (the bytes after the 4-byte length prefix: see
 * {@link Frames}, {@link PekkoFraming#payload}) between the buffer's position and limit, and
 * leave the buffer untouched. Bad bytes raise {@link WireFormatException} and nothing else; a
 * request with a readable header but a bad body is returned as {@link Request.Malformed} instead,
 * so the server can answer it in order as ZooKeeper does.
 *
 * <p>Encoders return one whole frame, length prefix included: a heap buffer with position 0 and
 * limit the frame's size, encoded in one pass into one array and never copied (hand it to Pekko
 * with {@link PekkoFraming#toByteString}). They throw {@link IllegalArgumentException} for a
 * record that cannot be sent (an error reply with a body, a Malformed request).
 */
public final class WireCodec {
    private static final int CONNECT_REQUEST_HINT = 4 + 8 + 4 + 8 + 4 + 16 + 1;

    private WireCodec() {}

    // ---- server side

    /** The first frame of a connection. */
    public static ConnectRequest decodeConnectRequest(ByteBuffer payload) {
        JuteReader in = new JuteReader(payload);
        int protocolVersion = in.readInt("connect.protocolVersion");
        long lastZxidSeen = in.readLong("connect.lastZxidSeen");
        int timeOut = in.readInt("connect.timeOut");
        long sessionId = in.readLong("connect.sessionId");
        byte[] passwd = in.readBuffer("connect.passwd");
        boolean hasReadOnlyFlag = in.remaining() > 0;
        boolean readOnly = hasReadOnlyFlag && in.readBool("connect.readOnly");
        return new ConnectRequest(protocolVersion, lastZxidSeen, timeOut, sessionId, passwd, readOnly, hasReadOnlyFlag);
    }

    public static ByteBuffer encodeConnectResponse(ConnectResponse response) {
        JuteWriter out = JuteWriter.forFrame(CONNECT_REQUEST_HINT);
        out.writeInt(response.protocolVersion());
        out.writeInt(response.sessionTimeoutMs());
        out.writeLong(response.sessionId());
        out.writeBuffer(response.passwd());
        if (response.hasReadOnlyFlag()) {
            out.writeBool(response.readOnly());
        }
        return out.finishFrame();
    }

    /** A request frame after the handshake. */
    public static ClientRequest decodeRequest(ByteBuffer payload) {
        return RequestCodec.decode(new JuteReader(payload));
    }

    /**
     * A reply: the header, then the body when {@code header.err()} is OK. An error reply must
     * come with {@link Response.Empty}.
     */
    public static ByteBuffer encodeReply(ReplyHeader header, Response response) {
        return ResponseCodec.encode(header, response);
    }

    /** A watch notification: xid -1, the event's zxid, err 0, then the event. */
    public static ByteBuffer encodeEvent(WatcherEvent event) {
        JuteWriter out = JuteWriter.forFrame(ResponseCodec.REPLY_HEADER_BYTES + 8 + Records.hint(event.path()));
        ResponseCodec.writeHeader(out, new ReplyHeader(ClientRequest.NOTIFICATION_XID, event.zxid(), Code.OK));
        out.writeInt(event.type().intValue());
        out.writeInt(event.state().intValue());
        out.writeUstring(event.path());
        return out.finishFrame();
    }

    // ---- client side

    public static ByteBuffer encodeConnectRequest(ConnectRequest request) {
        JuteWriter out = JuteWriter.forFrame(CONNECT_REQUEST_HINT);
        out.writeInt(request.protocolVersion());
        out.writeLong(request.lastZxidSeen());
        out.writeInt(request.sessionTimeoutMs());
        out.writeLong(request.sessionId());
        out.writeBuffer(request.passwd());
        if (request.hasReadOnlyFlag()) {
            out.writeBool(request.readOnly());
        }
        return out.finishFrame();
    }

    /** The server's answer to the handshake; servers older than read-only mode omit the flag. */
    public static ConnectResponse decodeConnectResponse(ByteBuffer payload) {
        JuteReader in = new JuteReader(payload);
        int protocolVersion = in.readInt("connect.protocolVersion");
        int timeOut = in.readInt("connect.timeOut");
        long sessionId = in.readLong("connect.sessionId");
        byte[] passwd = in.readBuffer("connect.passwd");
        boolean hasReadOnlyFlag = in.remaining() > 0;
        boolean readOnly = hasReadOnlyFlag && in.readBool("connect.readOnly");
        return new ConnectResponse(protocolVersion, timeOut, sessionId, passwd, readOnly, hasReadOnlyFlag);
    }

    public static ByteBuffer encodeRequest(ClientRequest request) {
        return RequestCodec.encode(request);
    }

    /**
     * The xid of a server frame, without decoding it: {@link ClientRequest#NOTIFICATION_XID} means
     * {@link #decodeEvent}, anything else {@link #decodeReply} with the request it answers.
     */
    public static int peekXid(ByteBuffer payload) {
        return new JuteReader(payload).readInt("reply header xid");
    }

    /**
     * A reply to {@code sentRequest} (whose type decides the body's). An error reply decodes to
     * {@link Response.Empty} whatever bytes follow its header, as ZooKeeper's client reads it.
     */
    public static Reply decodeReply(ByteBuffer payload, Request sentRequest) {
        JuteReader in = new JuteReader(payload);
        ReplyHeader header = ResponseCodec.readHeader(in);
        if (header.xid() == ClientRequest.NOTIFICATION_XID) {
            throw new WireFormatException("a notification (xid -1) is not a reply to " + sentRequest.operation());
        }
        return new Reply(header, ResponseCodec.decodeBody(header, sentRequest, in));
    }

    /** A watch notification (a frame whose xid is {@link ClientRequest#NOTIFICATION_XID}). */
    public static WatcherEvent decodeEvent(ByteBuffer payload) {
        JuteReader in = new JuteReader(payload);
        ReplyHeader header = ResponseCodec.readHeader(in);
        if (header.xid() != ClientRequest.NOTIFICATION_XID) {
            throw new WireFormatException("not a notification: xid " + header.xid());
        }
        int type = in.readInt("event.type");
        int state = in.readInt("event.state");
        String path = in.readUstring("event.path");
        try {
            return new WatcherEvent(EventType.of(type), KeeperState.of(state), path, header.zxid());
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("event: " + e.getMessage(), e);
        }
    }
}
