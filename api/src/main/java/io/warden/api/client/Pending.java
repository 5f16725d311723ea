package io.warden.api.client;

import io.warden.api.data.KeeperException;
import io.warden.api.wire.Reply;
import io.warden.api.wire.Request;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A request on its way: the request as sent (server paths), its encoded frame (xid patched in
 * when it is sent), what turns the reply into the caller's result, and the caller's future.
 */
final class Pending {
    /** Turns an OK or error reply into a result; runs on the reader thread (watch registration). */
    interface Handler {
        Object handle(Reply reply) throws KeeperException;
    }

    private final Request request;
    private final ByteBuffer frame;
    private final String clientPath;
    private final Handler handler;
    final CompletableFuture<Object> future = new CompletableFuture<>();
    private int xid;

    Pending(Request request, ByteBuffer frame, String clientPath, Handler handler) {
        this.request = request;
        this.frame = frame;
        this.clientPath = clientPath;
        this.handler = handler;
    }

    Request request() { return request; }
    ByteBuffer frame() { return frame; }
    String clientPath() { return clientPath; }
    Handler handler() { return handler; }
    int xid() { return xid; }

    void setXid(int xid) {
        this.xid = xid;
        frame.putInt(4, xid); // after the 4-byte length prefix
    }
}
