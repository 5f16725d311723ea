package io.warden.compat.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The suite's JUnit extension, registered once per test class as a static field:
 * <pre>{@code @RegisterExtension static final Compat compat = new Compat(ServerSettings.defaults());}</pre>
 * It starts one server per target on first use and shares it between the class's tests (each
 * test works under its own {@link #uniquePath()}), and closes every client and fresh server a
 * test opened when that test ends.
 */
public final class Compat implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  /** How long any await in the suite waits before failing; generous for a loaded CI machine. */
  public static final long TIMEOUT_SECONDS = 20;
  /** Long enough to survive a server restart, short enough never to be waited for. */
  public static final int SESSION_TIMEOUT_MS = 15_000;
  /**
   * For sessions a test lets expire: short, so expiry is quick, yet several ping intervals long,
   * so a loaded machine does not expire the session before the test means it to.
   */
  public static final int EXPIRING_SESSION_TIMEOUT_MS = 1_000;

  private static final AtomicInteger uniqueCounter = new AtomicInteger();

  private final ServerSettings settings;
  private final Map<Target, ServerUnderTest> shared = new EnumMap<>(Target.class);
  private final Deque<AutoCloseable> perTest = new ArrayDeque<>();
  private Path tempRoot;
  private String currentTestName = "test";

  public Compat(ServerSettings settings) {
    this.settings = Objects.requireNonNull(settings);
  }

  public ServerSettings settings() {
    return settings;
  }

  /** The class-wide server of {@code target}, started on first use. */
  public synchronized ServerUnderTest server(Target target) throws Exception {
    ServerUnderTest server = shared.get(target);
    if (server == null) {
      server = target.create(settings, newDataDir(target));
      try {
        server.start();
      } catch (Exception | Error e) {
        server.close(); // not cached: every test of the class reports the real cause
        throw e;
      }
      shared.put(target, server);
    }
    return server;
  }

  /** A started server owned by the current test, for tests that restart, stop or need a fresh tree. */
  public ServerUnderTest freshServer(Target target) throws Exception {
    return freshServer(target, settings);
  }

  public synchronized ServerUnderTest freshServer(Target target, ServerSettings custom) throws Exception {
    ServerUnderTest server = target.create(custom, newDataDir(target));
    perTest.push(server);
    server.start();
    return server;
  }

  /** A connected client of the class-wide server, closed when the test ends. */
  public ZooKeeper connect(Target target) throws Exception {
    return connect(server(target).connectString(), SESSION_TIMEOUT_MS, event -> {});
  }

  public ZooKeeper connect(ServerUnderTest server) throws Exception {
    return connect(server.connectString(), SESSION_TIMEOUT_MS, event -> {});
  }

  /**
   * A client that waits for its first SyncConnected before returning; {@code watcher} sees every
   * event. A connect string naming several servers (an ensemble's) is tried in order, not
   * shuffled: see {@link InOrderHostProvider}.
   */
  public ZooKeeper connect(String connectString, int sessionTimeoutMs, Watcher watcher) throws Exception {
    ConnectedLatch latch = new ConnectedLatch(watcher);
    ZooKeeper zk = InOrderHostProvider.namesSeveral(connectString)
        ? new ZooKeeper(connectString, sessionTimeoutMs, latch, false, new InOrderHostProvider(connectString))
        : new ZooKeeper(connectString, sessionTimeoutMs, latch);
    return awaitConnected(zk, latch);
  }

  /** A second connection to an existing session (ZooKeeper's session-move mechanism). */
  public ZooKeeper connect(String connectString, int sessionTimeoutMs, Watcher watcher,
                           long sessionId, byte[] password) throws Exception {
    ConnectedLatch latch = new ConnectedLatch(watcher);
    ZooKeeper zk = InOrderHostProvider.namesSeveral(connectString)
        ? new ZooKeeper(connectString, sessionTimeoutMs, latch, sessionId, password, false,
            new InOrderHostProvider(connectString))
        : new ZooKeeper(connectString, sessionTimeoutMs, latch, sessionId, password);
    return awaitConnected(zk, latch);
  }

  /**
   * A client of the one server {@link ServerUnderTest#port()} names, for tests that then ask that
   * server about its connections (four-letter words): on an ensemble, a client of the whole
   * connect string may sit on another member. On one server, the same as {@link #connect(ServerUnderTest)}.
   */
  public ZooKeeper connectToPort(ServerUnderTest server) throws Exception {
    return connect("127.0.0.1:" + server.port(), SESSION_TIMEOUT_MS, event -> {});
  }

  /**
   * On an ensemble target, syncs each client (ZooKeeper's {@code sync}) so that its member has
   * applied every write acknowledged before this call, as ZooKeeper's own ensemble needs: reads
   * and watches are served by the client's member, which may be behind the member that answered
   * the write. On one server it does nothing, so single-server tests keep testing what they did.
   */
  public static void catchUp(Target target, ZooKeeper... clients) throws Exception {
    if (!target.isEnsemble()) {
      return;
    }
    for (ZooKeeper zk : clients) {
      java.util.concurrent.CompletableFuture<Integer> synced = new java.util.concurrent.CompletableFuture<>();
      zk.sync("/", (rc, path, ctx) -> synced.complete(rc), null);
      int rc = synced.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (rc != 0) {
        throw new IllegalStateException("sync failed with rc " + rc + " on " + zk);
      }
    }
  }

  /** A started Curator client of the class-wide server, closed when the test ends. */
  public CuratorFramework curator(Target target) throws Exception {
    return curator(server(target).connectString());
  }

  /** A started Curator client of {@code connectString} (one ensemble member, say), closed when the test ends. */
  public CuratorFramework curator(String connectString) throws Exception {
    CuratorFramework client = CuratorFrameworkFactory.builder()
        .connectString(connectString)
        .sessionTimeoutMs(SESSION_TIMEOUT_MS)
        .connectionTimeoutMs(10_000)
        .retryPolicy(new RetryNTimes(20, 100))
        .build();
    register(client::close);
    client.start();
    if (!client.blockUntilConnected((int) TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException("Curator did not connect to " + connectString);
    }
    return client;
  }

  /** A path no other test uses, named after the current test; not created. */
  public String uniquePath() {
    return "/" + currentTestName + "-" + uniqueCounter.incrementAndGet();
  }

  /** Closes {@code resource} when the current test ends, before the clients opened earlier. */
  public synchronized <T extends AutoCloseable> T register(T resource) {
    perTest.push(resource);
    return resource;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    currentTestName = context.getTestMethod().map(m -> m.getName()).orElse("test");
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception first = null;
    while (true) {
      AutoCloseable next;
      synchronized (this) {
        next = perTest.poll();
      }
      if (next == null) {
        break;
      }
      try {
        next.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    shared.values().forEach(ServerUnderTest::close);
    shared.clear();
    if (tempRoot != null) {
      deleteRecursively(tempRoot);
      tempRoot = null;
    }
  }

  private ZooKeeper awaitConnected(ZooKeeper zk, ConnectedLatch latch) throws InterruptedException {
    register(zk);
    if (!latch.connected.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException("client did not connect: " + zk);
    }
    return zk;
  }

  private synchronized Path newDataDir(Target target) throws IOException {
    if (tempRoot == null) {
      tempRoot = Files.createTempDirectory("warden-compat-");
    }
    return Files.createTempDirectory(tempRoot, target.name().toLowerCase() + "-");
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forwards every event and opens once the session is first connected. */
  private static final class ConnectedLatch implements Watcher {
    final CountDownLatch connected = new CountDownLatch(1);
    private final Watcher delegate;

    ConnectedLatch(Watcher delegate) {
      this.delegate = delegate;
    }

    @Override
    public void process(org.apache.zookeeper.WatchedEvent event) {
      if (event.getType() == Event.EventType.None && event.getState() == KeeperState.SyncConnected) {
        connected.countDown();
      }
      delegate.process(event);
    }
  }
}
