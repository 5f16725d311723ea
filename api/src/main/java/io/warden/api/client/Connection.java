package io.warden.api.client;

import io.warden.api.data.Code;
import io.warden.api.data.KeeperException;
import io.warden.api.wire.ClientRequest;
import io.warden.api.wire.Frames;
import io.warden.api.wire.WireCodec;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One TCP connection to one server. Writers append whole frames under {@link #writeLock}; a
 * request is put on {@link #sent} (the replies' expected order) in the same critical section as
 * its bytes are written, so the order on the wire and the order of {@code sent} agree. Once
 * {@link #close} has run, nothing more is put on {@code sent}: a late writer fails its request
 * with CONNECTION_LOSS itself, so no request is left waiting on a dead connection.
 */
final class Connection {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int maxFrameBytes;
    private final Object writeLock = new Object();
    private final ArrayDeque<Pending> sent = new ArrayDeque<>();
    private boolean closed;
    volatile long lastSendNanos = System.nanoTime();

    Connection(Socket socket, int maxFrameBytes) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = socket.getOutputStream();
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Sends a request; false (and nothing sent) when the connection is already closed. */
    boolean send(Pending p, int xid) {
        synchronized (writeLock) {
            if (closed) {
                return false;
            }
            p.setXid(xid);
            synchronized (sent) {
                sent.add(p);
            }
            return write(p.frame());
        }
    }

    /** Sends a frame no reply future waits for (ping, auth, setWatches, connect). */
    boolean sendUntracked(ByteBuffer frame) {
        synchronized (writeLock) {
            return !closed && write(frame);
        }
    }

    private boolean write(ByteBuffer frame) {
        try {
            out.write(frame.array(), frame.arrayOffset(), frame.limit());
            lastSendNanos = System.nanoTime();
            return true;
        } catch (IOException e) {
            closeSocket();
            return true; // the request is on `sent`: close() fails it with CONNECTION_LOSS
        }
    }

    /** The next server frame's payload; blocks; throws on EOF, timeout, or a bad length. */
    ByteBuffer readFrame() throws IOException {
        int length = Frames.checkPayloadLength(in.readInt(), maxFrameBytes);
        byte[] payload = new byte[length];
        in.readFully(payload);
        return ByteBuffer.wrap(payload);
    }

    /** The oldest request still waiting for its reply, removed; null when none. */
    Pending nextSent() {
        synchronized (sent) {
            return sent.poll();
        }
    }

    void setReadTimeoutMs(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    /** Closes the socket and returns the requests that will never be answered. */
    List<Pending> close() {
        closeSocket();
        synchronized (writeLock) {
            closed = true;
            synchronized (sent) {
                List<Pending> lost = new ArrayList<>(sent);
                sent.clear();
                return lost;
            }
        }
    }

    void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort; the connection is being dropped either way
        }
    }

    static KeeperException connectionLoss(Pending p) {
        return new KeeperException(Code.CONNECTION_LOSS, p.clientPath());
    }

    static ByteBuffer ping() {
        return WireCodec.encodeRequest(ClientRequest.PING);
    }
}
