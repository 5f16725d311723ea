package io.warden.compat.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One server the compatibility suite talks to, over real sockets on 127.0.0.1. The first
 * {@link #start()} binds a free port; every later start binds the same port and reuses the
 * same data directory, so sessions may survive a {@link #restart()} like they survive a real
 * server restart.
 */
public interface ServerUnderTest extends AutoCloseable {

  Target target();

  /**
   * Snapshot files the server has written to its data directory so far (ZooKeeper's
   * {@code version-2/snapshot.*}, Warden's {@code snapshots/*}), for tests that must know a
   * restart loads one.
   */
  List<Path> snapshotFiles() throws IOException;

  ServerSettings settings();

  /** Starts serving; blocks until the client port accepts connections. */
  void start() throws Exception;

  /** Stops serving and releases the port, keeping the data directory. */
  void stop() throws Exception;

  boolean isRunning();

  /** The client port; valid once started for the first time. */
  int port();

  default String connectString() {
    return "127.0.0.1:" + port();
  }

  /** A connect string whose clients see {@code chroot} as their root. */
  default String connectString(String chroot) {
    return connectString() + chroot;
  }

  default void restart() throws Exception {
    stop();
    start();
  }

  /** Stops if running and frees everything except the data directory, which its owner deletes. */
  @Override
  void close();
}
