package io.warden.compat.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/**
 * A loopback TCP relay between clients and a server that a test can cut and heal: while cut,
 * live connections are dropped and new ones are accepted and closed at once, so a client keeps
 * retrying but no byte (and no ping) reaches the server. That makes session expiry and
 * reconnection deterministic without touching either side's internals.
 */
public final class TcpProxy implements AutoCloseable {
  private static final int MAX_CONNECTIONS = 64;

  private final int targetPort;
  private final ServerSocket listener;
  private final Set<Socket> sockets = new HashSet<>();
  private final Thread acceptor;
  private boolean cut;
  private boolean closed;

  public TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  public String connectString() {
    return "127.0.0.1:" + port();
  }

  /** Drops every relayed connection and refuses to relay new ones until {@link #heal()}. */
  public synchronized void cut() {
    cut = true;
    closeAll();
  }

  public synchronized void heal() {
    cut = false;
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      closed = true;
      closeAll();
    }
    listener.close();
  }

  private void acceptLoop() {
    while (true) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // listener closed
      }
      try {
        relay(client);
      } catch (IOException e) {
        quietlyClose(client);
      }
    }
  }

  private void relay(Socket client) throws IOException {
    synchronized (this) {
      if (cut || closed || sockets.size() >= 2 * MAX_CONNECTIONS) {
        quietlyClose(client);
        return;
      }
    }
    Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
    synchronized (this) {
      sockets.add(client);
      sockets.add(server);
    }
    pump(client, server);
    pump(server, client);
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side went away: the other is closed below, as a real network drop would
      } finally {
        forget(from);
        forget(to);
      }
    }, "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private synchronized void forget(Socket s) {
    sockets.remove(s);
    quietlyClose(s);
  }

  private void closeAll() {
    sockets.forEach(TcpProxy::quietlyClose);
    sockets.clear();
  }

  private static void quietlyClose(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing is best effort: the socket is being discarded either way
    }
  }
}
