package io.warden.compat.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.jute.BinaryInputArchive;
import org.apache.zookeeper.server.ContainerManager;
import org.apache.zookeeper.server.RequestProcessor;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.SyncRequestProcessor;
import org.apache.zookeeper.server.ZKDatabase;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.command.FourLetterCommands;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;

/**
 * Apache ZooKeeper standalone, in this JVM, assembled the way its own standalone main does it
 * (server, NIO connection factory, container manager) so that every knob of
 * {@link ServerSettings} can be set without config files.
 *
 * <p>Some of ZooKeeper's settings are JVM-wide system properties. Those read on every use
 * (4lw whitelist after a reset, extended types) are set while at least one reference server
 * runs and restored after the last one stops; two servers with different values cannot run at
 * once. Those read once per JVM (super digest, jute.maxbuffer) must agree with the first
 * value seen, otherwise start fails rather than running with a value the test did not ask for.
 */
final class ZooKeeperTarget implements ServerUnderTest {
  private static final String WHITELIST = "zookeeper.4lw.commands.whitelist";
  private static final String EXTENDED_TYPES = "zookeeper.extendedTypesEnabled";
  private static final String SUPER_DIGEST = "zookeeper.DigestAuthenticationProvider.superDigest";
  private static final String ADMIN_SERVER = "zookeeper.admin.enableServer";
  private static final String ENFORCE_QUOTA = "zookeeper.enforceQuota";
  private static final String SNAP_COUNT = "zookeeper.snapCount";

  static {
    // ZooKeeperServer copies this property into a constant when the class initializes, which is
    // when the first reference server is built: nothing in this suite touches it earlier.
    System.setProperty(ENFORCE_QUOTA, Boolean.toString(ServerSettings.ENFORCE_QUOTA));
  }

  private static final Object JVM_LOCK = new Object();
  private static int runningServers;
  private static Map<String, String> jvmSettingsInForce;
  private static final Map<String, String> savedProperties = new HashMap<>();
  private static String superDigestInForce;

  private final ServerSettings settings;
  private final Path dataDir;
  private int port;
  private Running running;

  private record Running(FileTxnSnapLog txnLog, ReferenceServer server, ServerCnxnFactory cnxnFactory,
                         ContainerManager containerManager) {}

  /** Exposes the head of the request pipeline, which the container manager submits to. */
  private static final class ReferenceServer extends ZooKeeperServer {
    ReferenceServer(FileTxnSnapLog txnLog, ServerSettings s) {
      super(txnLog, s.tickTimeMs(), s.minSessionTimeoutMs(), s.maxSessionTimeoutMs(), -1,
          new ZKDatabase(txnLog), "");
    }

    RequestProcessor requestPipeline() {
      return firstProcessor;
    }
  }

  ZooKeeperTarget(ServerSettings settings, Path dataDir) {
    this.settings = Objects.requireNonNull(settings);
    this.dataDir = Objects.requireNonNull(dataDir);
  }

  @Override
  public Target target() {
    return Target.ZOOKEEPER;
  }

  @Override
  public List<Path> snapshotFiles() throws IOException {
    Path dir = dataDir.resolve("version-2");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("snapshot.")).sorted().toList();
    }
  }

  @Override
  public ServerSettings settings() {
    return settings;
  }

  @Override
  public synchronized void start() throws IOException, InterruptedException {
    if (running != null) {
      throw new IllegalStateException("already running on port " + port);
    }
    acquireJvmSettings();
    FileTxnSnapLog txnLog = null;
    ServerCnxnFactory factory = null;
    try {
      txnLog = new FileTxnSnapLog(dataDir.toFile(), dataDir.toFile());
      ReferenceServer server = new ReferenceServer(txnLog, settings);
      txnLog.setServerStats(server.serverStats());
      factory = ServerCnxnFactory.createFactory();
      factory.configure(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          settings.maxClientCnxns(), -1, false);
      factory.startup(server);
      port = factory.getLocalPort();
      ContainerManager containers = new ContainerManager(server.getZKDatabase(), server.requestPipeline(),
          settings.containerCheckIntervalMs(), 10_000, 0L);
      containers.start();
      running = new Running(txnLog, server, factory, containers);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (factory != null) {
        factory.shutdown();
      }
      if (txnLog != null) {
        txnLog.close();
      }
      releaseJvmSettings();
      throw e;
    }
  }

  @Override
  public synchronized void stop() throws IOException {
    Running r = running;
    if (r == null) {
      return;
    }
    running = null;
    try {
      r.containerManager().stop();
      r.cnxnFactory().shutdown();
      r.server().shutdown(true);
      r.txnLog().close();
    } finally {
      releaseJvmSettings();
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return running != null;
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
    } catch (IOException e) {
      throw new IllegalStateException("reference server did not stop cleanly", e);
    }
  }

  @Override
  public String toString() {
    return "ZooKeeper@" + port;
  }

  private Map<String, String> wantedJvmSettings() {
    return Map.of(
        WHITELIST, String.join(",", new TreeSet<>(settings.fourLetterWords())),
        EXTENDED_TYPES, Boolean.toString(settings.extendedTypesEnabled()),
        SNAP_COUNT, Integer.toString(settings.snapCount()),
        ADMIN_SERVER, "false");
  }

  private void acquireJvmSettings() {
    synchronized (JVM_LOCK) {
      if (ZooKeeperServer.enforceQuota != settings.enforceQuota()) {
        throw new IllegalStateException("ZooKeeper fixes enforceQuota once per JVM at "
            + ZooKeeperServer.enforceQuota + "; cannot serve " + settings.enforceQuota());
      }
      if (BinaryInputArchive.maxBuffer != settings.juteMaxBufferBytes()) {
        throw new IllegalStateException("ZooKeeper fixes jute.maxbuffer once per JVM at "
            + BinaryInputArchive.maxBuffer + "; cannot serve " + settings.juteMaxBufferBytes());
      }
      if (superDigestInForce == null) {
        // Read once by the digest provider when the first server authenticates anyone.
        System.setProperty(SUPER_DIGEST, settings.superDigest());
        superDigestInForce = settings.superDigest();
      } else if (!superDigestInForce.equals(settings.superDigest())) {
        throw new IllegalStateException("ZooKeeper fixes the super digest once per JVM");
      }
      Map<String, String> wanted = wantedJvmSettings();
      if (runningServers > 0 && !wanted.equals(jvmSettingsInForce)) {
        throw new IllegalStateException("another reference server runs with JVM-wide settings "
            + jvmSettingsInForce + "; cannot start one with " + wanted);
      }
      if (runningServers == 0) {
        wanted.forEach((key, value) -> {
          savedProperties.put(key, System.getProperty(key));
          System.setProperty(key, value);
        });
        // Read once per JVM into a static, which setSnapCount overwrites; both restored below.
        SyncRequestProcessor.setSnapCount(settings.snapCount());
        FourLetterCommands.resetWhiteList();
        jvmSettingsInForce = wanted;
      }
      runningServers++;
    }
  }

  private static void releaseJvmSettings() {
    synchronized (JVM_LOCK) {
      runningServers--;
      if (runningServers == 0) {
        savedProperties.forEach((key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
        savedProperties.clear();
        SyncRequestProcessor.setSnapCount(ServerSettings.DEFAULT_SNAP_COUNT);
        FourLetterCommands.resetWhiteList();
        jvmSettingsInForce = null;
      }
    }
  }
}
