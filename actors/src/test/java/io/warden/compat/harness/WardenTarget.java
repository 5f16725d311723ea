package io.warden.compat.harness;

import io.warden.actors.config.FourLetterWords;
import io.warden.actors.config.ServerConfig;
import io.warden.actors.server.WardenServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Warden standalone, in this JVM, started through the same factory the launcher uses. The
 * first start binds a free port; later starts bind that port again on the same data
 * directory, so a restart recovers znodes and sessions from Warden's own log and snapshots.
 */
final class WardenTarget implements ServerUnderTest {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final ServerSettings settings;
  private final Path dataDir;
  private int port;
  private WardenServer.Node node;

  WardenTarget(ServerSettings settings, Path dataDir) {
    this.settings = Objects.requireNonNull(settings);
    this.dataDir = Objects.requireNonNull(dataDir);
  }

  @Override
  public Target target() {
    return Target.WARDEN;
  }

  @Override
  public List<Path> snapshotFiles() throws IOException {
    Path dir = dataDir.resolve("snapshots");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> Files.isRegularFile(f)).sorted().toList();
    }
  }

  @Override
  public ServerSettings settings() {
    return settings;
  }

  @Override
  public synchronized void start() {
    if (node != null) {
      return;
    }
    ServerConfig config = ServerConfig.builder(dataDir)
        .clientPortAddress("127.0.0.1")
        .clientPort(port)
        .tickTimeMs(settings.tickTimeMs())
        .minSessionTimeoutMs(settings.minSessionTimeoutMs())
        .maxSessionTimeoutMs(settings.maxSessionTimeoutMs())
        .fourLetterWords(FourLetterWords.of(settings.fourLetterWords()))
        .superDigest(settings.superDigest())
        .maxClientCnxns(settings.maxClientCnxns())
        .juteMaxBufferBytes(settings.juteMaxBufferBytes())
        .containerCheckIntervalMs(settings.containerCheckIntervalMs())
        .extendedTypesEnabled(settings.extendedTypesEnabled())
        .enforceQuota(settings.enforceQuota())
        .snapCount(settings.snapCount())
        .build();
    node = new WardenServer().start(config);
    port = node.clientAddress().getPort();
  }

  @Override
  public synchronized void stop() throws Exception {
    if (node == null) {
      return;
    }
    WardenServer.Node stopping = node;
    node = null;
    stopping.close();
    try {
      stopping.whenTerminated().toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // The node had already stopped itself because something failed; that failure is the
      // test's finding (it was logged and failed the test that caused it), not the stop's.
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return node != null;
  }

  @Override
  public synchronized int port() {
    if (port == 0) {
      throw new IllegalStateException("never started");
    }
    return port;
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (Exception e) {
      throw new IllegalStateException("Warden did not stop within " + STOP_TIMEOUT, e);
    }
  }
}
