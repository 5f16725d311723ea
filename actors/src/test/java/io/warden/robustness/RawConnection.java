package io.warden.robustness;

import io.warden.api.wire.ClientRequest;
import io.warden.api.wire.ConnectRequest;
import io.warden.api.wire.ConnectResponse;
import io.warden.api.wire.WireCodec;
import io.warden.api.wire.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A bare client socket speaking ZooKeeper's framing by hand, so tests can send exactly the
 * bytes they mean, well-formed or not. Blocking, one thread at a time. "Closed" covers both an
 * orderly end of stream and a reset: a server may do either when it drops a connection.
 */
final class RawConnection implements AutoCloseable {
    /** Frames longer than this from the server are a bug in the server, not a big reply. */
    static final int MAX_REPLY_BYTES = 64 << 20;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects; every later read waits at most {@code readTimeoutMs} before it throws. */
    static RawConnection open(InetSocketAddress server, int readTimeoutMs) throws IOException {
        return open(server, readTimeoutMs, 0);
    }

    /** As {@link #open(InetSocketAddress, int)}, with a receive buffer of that size (0: the OS default). */
    static RawConnection open(InetSocketAddress server, int readTimeoutMs, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(readTimeoutMs);
            socket.connect(server, readTimeoutMs);
            return new RawConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Opens and completes a handshake for a new session; fails when the server refuses it. */
    static RawConnection openSession(InetSocketAddress server, int readTimeoutMs) throws IOException {
        RawConnection connection = open(server, readTimeoutMs);
        ConnectResponse response = connection.handshake(newSession(30_000));
        if (response == null || response.sessionId() == 0) {
            connection.close();
            throw new IOException("server refused a new session: " + response);
        }
        return connection;
    }

    static ConnectRequest newSession(int timeoutMs) {
        return new ConnectRequest(0, 0, timeoutMs, 0, new byte[16], false);
    }

    /** Sends a four-letter word and returns everything the server answers before closing. */
    static String ask(InetSocketAddress server, String word, boolean halfClose) throws IOException {
        try (RawConnection connection = open(server, 30_000)) {
            connection.write(word.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (halfClose) {
                connection.halfClose();
            }
            return new String(connection.readToEnd(4 << 20), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The "Connections: N" figure of srvr: client connections open right now, this one included. */
    static int openConnections(InetSocketAddress server) throws IOException {
        String srvr = ask(server, "srvr", false);
        for (String line : srvr.split("\n")) {
            if (line.startsWith("Connections: ")) {
                return Integer.parseInt(line.substring("Connections: ".length()).trim());
            }
        }
        throw new IOException("no Connections line in srvr: " + srvr);
    }

    /** Sends a connect request and reads the answer; null when the server closed instead. */
    ConnectResponse handshake(ConnectRequest request) throws IOException {
        if (!write(bytes(WireCodec.encodeConnectRequest(request)))) {
            return null;
        }
        byte[] payload = readFrame();
        return payload == null ? null : WireCodec.decodeConnectResponse(ByteBuffer.wrap(payload));
    }

    /** Writes bytes; false when the server has already closed the connection. */
    boolean write(byte[] bytes) throws IOException {
        return write(bytes, 0, bytes.length);
    }

    boolean write(byte[] bytes, int offset, int length) throws IOException {
        try {
            out.write(bytes, offset, length);
            out.flush();
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    boolean send(ClientRequest request) throws IOException {
        return write(bytes(WireCodec.encodeRequest(request)));
    }

    /**
     * The next frame's payload, or null once the server closed the connection.
     *
     * @throws SocketTimeoutException when the server neither sends nor closes in time
     * @throws WireFormatException    when the server announces an impossible frame length
     */
    byte[] readFrame() throws IOException {
        try {
            int length = in.readInt();
            if (length < 0 || length > MAX_REPLY_BYTES) {
                throw new WireFormatException("server sent a frame length of " + length);
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            return payload;
        } catch (EOFException e) {
            return null;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException e) {
            return null;
        }
    }

    /** Everything the server sends until it closes (a four-letter word's answer). */
    byte[] readToEnd(int maxBytes) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        InputStream raw = in;
        try {
            for (int n; (n = raw.read(chunk)) >= 0; ) {
                all.write(chunk, 0, n);
                if (all.size() > maxBytes) {
                    throw new IOException("more than " + maxBytes + " bytes without the server closing");
                }
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException e) {
            // A reset ends the stream too.
        }
        return all.toByteArray();
    }

    /** True once the server has closed: reads until end of stream, dropping what comes. */
    boolean awaitClosedBy(int maxFrames) throws IOException {
        for (int i = 0; i < maxFrames; i++) {
            if (readFrame() == null) {
                return true;
            }
        }
        return false;
    }

    /** Shuts our sending side: the server sees end of stream but may still answer. */
    void halfClose() throws IOException {
        try {
            socket.shutdownOutput();
        } catch (SocketException e) {
            // Already closed by the server: nothing left to shut.
        }
    }

    /** Drops the connection with a reset instead of an orderly close. */
    void abort() throws IOException {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // Already gone.
        }
        socket.close();
    }

    void readTimeoutMs(int ms) throws SocketException {
        socket.setSoTimeout(ms);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static byte[] bytes(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.duplicate().get(bytes);
        return bytes;
    }
}
