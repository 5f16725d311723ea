package io.warden.actors.session;

import io.warden.api.data.Code;
import io.warden.api.wire.ClientRequest;
import io.warden.api.wire.Response;

/** One request of a session, from arrival until its reply left. Mutable; owned by the session. */
final class Pending implements RequestQueue.Entry {
    private final ClientRequest request;
    private final long receivedNanos;
    private final RequestQueue.Kind kind;
    private Code code;
    private Response response;
    private long zxid;
    private boolean done;
    private boolean closesSession;
    private boolean closesConnection;

    Pending(ClientRequest request, long receivedNanos) {
        this.request = request;
        this.receivedNanos = receivedNanos;
        this.kind = RequestExecutor.kindOf(request.request());
    }

    @Override
    public RequestQueue.Kind kind() {
        return kind;
    }

    @Override
    public boolean isDone() {
        return done;
    }

    ClientRequest request() { return request; }
    int xid() { return request.xid(); }
    long receivedNanos() { return receivedNanos; }
    /** The reply's code, or null when it already left (a read) or there is none. */
    Code code() { return code; }
    Response response() { return response; }
    long zxid() { return zxid; }
    boolean closesSession() { return closesSession; }
    boolean closesConnection() { return closesConnection || closesSession; }

    /**
     * The reply is known; it leaves (and is encoded) when every earlier request's reply has
     * left. A null code means there is nothing more to send.
     */
    void complete(Code replyCode, Response replyResponse, long replyZxid) {
        this.code = replyCode;
        this.response = replyResponse;
        this.zxid = replyZxid;
        this.done = true;
    }

    /** The reply already left (a read); the entry is not done until its watch is registered. */
    void repliedAwaitingFollowUp(long replyZxid) {
        this.zxid = replyZxid;
    }

    void followUpDone() {
        this.done = true;
    }

    void closesSessionWhenDone() {
        this.closesSession = true;
    }

    void closesConnectionWhenDone() {
        this.closesConnection = true;
    }
}
