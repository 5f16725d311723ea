package io.warden.compat.harness;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.proto.ConnectRequest;
import org.apache.zookeeper.proto.ConnectResponse;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.RequestHeader;

/**
 * A client that speaks the wire protocol frame by frame, for what the stock client will not
 * send: malformed or oversized frames, and requests the stock client answers locally.
 *
 * <p>Frames are {@code int32 length, payload}; the first payload is a ConnectRequest followed
 * by a readOnly boolean, every later one a RequestHeader and the request record, answered by a
 * ReplyHeader and the response record (jute encoding, big-endian).
 */
public final class RawConnection implements AutoCloseable {
  private static final int MAX_FRAME_BYTES = 1 << 20;

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  /** The reply to one request: the header and the bytes of the response record. */
  public record Reply(ReplyHeader header, byte[] body) {
    public int err() {
      return header.getErr();
    }
  }

  private RawConnection(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout((int) (Compat.TIMEOUT_SECONDS * 1000));
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new DataOutputStream(socket.getOutputStream());
  }

  public static RawConnection open(int port) throws IOException {
    return new RawConnection(new Socket(InetAddress.getLoopbackAddress(), port));
  }

  /** Opens a new session and returns the server's answer. */
  public ConnectResponse handshake(int sessionTimeoutMs) throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    BinaryOutputArchive archive = BinaryOutputArchive.getArchive(payload);
    new ConnectRequest(0, 0L, sessionTimeoutMs, 0L, new byte[16], false).serialize(archive, "connect");
    writeFrame(payload.toByteArray());
    ConnectResponse response = new ConnectResponse();
    response.deserialize(BinaryInputArchive.getArchive(new java.io.ByteArrayInputStream(readFrame())), "connect");
    return response;
  }

  /** Sends one request and waits for the reply with the same xid, skipping notifications (xid -1). */
  public Reply request(int xid, int opCode, Record body) throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    BinaryOutputArchive archive = BinaryOutputArchive.getArchive(payload);
    new RequestHeader(xid, opCode).serialize(archive, "header");
    if (body != null) {
      body.serialize(archive, "request");
    }
    writeFrame(payload.toByteArray());
    while (true) {
      byte[] frame = readFrame();
      java.io.ByteArrayInputStream bytes = new java.io.ByteArrayInputStream(frame);
      ReplyHeader header = new ReplyHeader();
      header.deserialize(BinaryInputArchive.getArchive(bytes), "header");
      if (header.getXid() == xid) {
        return new Reply(header, bytes.readAllBytes());
      }
    }
  }

  /** Writes bytes as they are, framing included or not: the caller decides. */
  public void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * True once the server has closed the connection (end of stream or reset); false if the
   * connection is still open after the suite's timeout.
   */
  public boolean awaitClosedByServer() throws IOException {
    try {
      while (in.read() >= 0) {
        // discard whatever the server still sends before closing
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset by peer
    }
  }

  /**
   * Sends a ping and reports whether the server closed the connection instead of answering it:
   * the ping's reply (or its absence) shows whether an earlier reply was the last.
   */
  public boolean awaitClosedAfterPing() throws IOException {
    try {
      request(-2, org.apache.zookeeper.ZooDefs.OpCode.ping, null);
      return false;
    } catch (java.io.EOFException | SocketException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void writeFrame(byte[] payload) throws IOException {
    out.writeInt(payload.length);
    out.write(payload);
    out.flush();
  }

  private byte[] readFrame() throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_FRAME_BYTES) {
      throw new IOException("bad frame length " + length);
    }
    byte[] frame = new byte[length];
    try {
      in.readFully(frame);
    } catch (EOFException e) {
      throw new IOException("server closed mid-frame", e);
    }
    return frame;
  }
}
