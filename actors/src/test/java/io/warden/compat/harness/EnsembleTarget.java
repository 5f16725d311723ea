package io.warden.compat.harness;

import static org.awaitility.Awaitility.await;

import io.warden.actors.config.QuorumServer;
import io.warden.actors.config.ServerConfig;
import io.warden.actors.server.WardenServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/**
 * A three-member Warden ensemble in this JVM: three {@link WardenServer} nodes, each its own
 * actor system on its own loopback quorum port and data directory ({@code m1..m3} under the
 * target's), configured with the same {@code server.1..3} lines and myid 1..3. Ready once one
 * member says {@code Mode: leader} and the other two {@code Mode: follower}.
 *
 * <p>{@link #port()} is a follower's client port, so the single-server tests of the suite send
 * their writes through forwarding; {@link #connectString()} names all three, as a real client's
 * would. {@link #stopMember(int)} and {@link #startMember(int)} act on one member for the
 * ensemble-only tests; {@link #restart()} restarts them all on their data.
 */
public final class EnsembleTarget implements ServerUnderTest {
  public static final int SIZE = 3;
  /**
   * Election, then discovery and sync of two learners, on a loaded machine with three actor
   * systems in one JVM: longer than a single server's start, still bounded.
   */
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  /**
   * Liveness in ticks: with the suite's 200 ms tick, ZooKeeper's defaults (10/5) give a follower
   * only one second of silence, which a loaded CI machine exceeds and turns into spurious
   * failovers; these give 10 s to sync and 3 s of silence.
   */
  private static final int INIT_LIMIT = 50;
  private static final int SYNC_LIMIT = 15;

  private final ServerSettings settings;
  private final Path dataDir;
  private final List<QuorumServer> servers;
  private final int[] clientPorts = new int[SIZE];
  private final WardenServer.Node[] nodes = new WardenServer.Node[SIZE];

  EnsembleTarget(ServerSettings settings, Path dataDir) {
    this.settings = Objects.requireNonNull(settings);
    this.dataDir = Objects.requireNonNull(dataDir);
    List<QuorumServer> lines = new ArrayList<>();
    for (int sid = 1; sid <= SIZE; sid++) {
      lines.add(QuorumServer.participant(sid, "127.0.0.1", freePort(), freePort()));
    }
    this.servers = List.copyOf(lines);
  }

  @Override
  public Target target() {
    return Target.WARDEN_ENSEMBLE;
  }

  /** Every member's snapshots: a restart loads one wherever the member finds it. */
  @Override
  public List<Path> snapshotFiles() throws IOException {
    List<Path> all = new ArrayList<>();
    for (int sid = 1; sid <= SIZE; sid++) {
      Path dir = memberDir(sid).resolve("snapshots");
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          files.filter(f -> Files.isRegularFile(f)).forEach(all::add);
        }
      }
    }
    return all.stream().sorted().toList();
  }

  @Override
  public ServerSettings settings() {
    return settings;
  }

  /** Starts every member not running, then waits for one leader and two followers. */
  @Override
  public void start() throws Exception {
    for (int sid = 1; sid <= SIZE; sid++) {
      startMemberOnly(sid);
    }
    awaitReady();
  }

  @Override
  public void stop() throws Exception {
    Exception first = null;
    for (int sid = 1; sid <= SIZE; sid++) {
      try {
        stopMember(sid);
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
  public synchronized boolean isRunning() {
    return Stream.of(nodes).anyMatch(Objects::nonNull);
  }

  /** A follower's client port (see the class comment); member 1's if srvr is not allowed. */
  @Override
  public int port() {
    if (clientPorts[0] == 0) {
      throw new IllegalStateException("never started");
    }
    if (!srvrAllowed()) {
      return clientPorts[0];
    }
    return followers().stream().findFirst().map(this::memberPort)
        .orElseThrow(() -> new IllegalStateException("no member is a follower: " + modes()));
  }

  /** Every member, {@link #port()}'s first (the suite's clients try them in order: see InOrderHostProvider). */
  @Override
  public String connectString() {
    if (clientPorts[0] == 0) {
      throw new IllegalStateException("never started");
    }
    int first = port();
    return Stream.concat(Stream.of(first), IntStream.rangeClosed(1, SIZE).map(this::memberPort)
            .filter(p -> p != first).boxed())
        .map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  /** The client port of member {@code sid} (1..3), kept across its restarts. */
  public int memberPort(int sid) {
    return clientPorts[index(sid)];
  }

  public synchronized boolean isMemberRunning(int sid) {
    return nodes[index(sid)] != null;
  }

  /** Starts member {@code sid} on its data; returns once its client port is bound, not serving. */
  public void startMember(int sid) {
    startMemberOnly(sid);
  }

  /** Stops member {@code sid} (its actor system terminates, its sockets close), keeping its data. */
  public void stopMember(int sid) throws Exception {
    WardenServer.Node stopping;
    synchronized (this) {
      stopping = nodes[index(sid)];
      nodes[index(sid)] = null;
    }
    if (stopping == null) {
      return;
    }
    stopping.close();
    try {
      stopping.whenTerminated().toCompletableFuture().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // The member had already stopped itself because something failed; that failure was logged
      // and is the finding of the test that caused it, not of this stop.
    }
  }

  /** srvr's Mode line of member {@code sid} ("leader", "follower"), or "" while it does not serve. */
  public String mode(int sid) {
    if (!isMemberRunning(sid)) {
      return "";
    }
    try {
      String srvr = FourLetterWords.send(memberPort(sid), "srvr");
      return srvr.lines().filter(l -> l.startsWith("Mode: ")).findFirst()
          .map(l -> l.substring("Mode: ".length()).trim()).orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  /** The sid whose srvr says leader, if one does now. */
  public Optional<Integer> leader() {
    return IntStream.rangeClosed(1, SIZE).boxed().filter(sid -> mode(sid).equals("leader")).findFirst();
  }

  /** The sids whose srvr says follower now. */
  public List<Integer> followers() {
    return IntStream.rangeClosed(1, SIZE).boxed().filter(sid -> mode(sid).equals("follower")).toList();
  }

  /**
   * Waits until every running member serves: with srvr allowed, one leader and the rest followers;
   * without it (a class that narrowed the 4lw whitelist), until each running member accepts a session.
   */
  public void awaitReady() {
    long running = IntStream.rangeClosed(1, SIZE).filter(this::isMemberRunning).count();
    if (srvrAllowed()) {
      await("one leader and " + (running - 1) + " followers").atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> leader().isPresent() && followers().size() == running - 1);
    } else {
      for (int sid = 1; sid <= SIZE; sid++) {
        if (isMemberRunning(sid)) {
          int member = sid;
          await("member " + sid + " serving").atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(200))
              .until(() -> acceptsSession(memberPort(member)));
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (Exception e) {
      throw new IllegalStateException("the ensemble did not stop within " + STOP_TIMEOUT, e);
    }
  }

  @Override
  public String toString() {
    return "Warden ensemble " + IntStream.rangeClosed(1, SIZE).mapToObj(this::memberPort).toList() + " " + modes();
  }

  private String modes() {
    return IntStream.rangeClosed(1, SIZE).mapToObj(sid -> sid + "=" + mode(sid))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private void startMemberOnly(int sid) {
    int i = index(sid);
    synchronized (this) {
      if (nodes[i] != null) {
        return;
      }
    }
    ServerConfig config = ServerConfig.builder(memberDir(sid))
        .myid(sid)
        .servers(servers)
        .initLimit(INIT_LIMIT)
        .syncLimit(SYNC_LIMIT)
        .clientPortAddress("127.0.0.1")
        .clientPort(clientPorts[i])
        .tickTimeMs(settings.tickTimeMs())
        .minSessionTimeoutMs(settings.minSessionTimeoutMs())
        .maxSessionTimeoutMs(settings.maxSessionTimeoutMs())
        .fourLetterWords(io.warden.actors.config.FourLetterWords.of(settings.fourLetterWords()))
        .superDigest(settings.superDigest())
        .maxClientCnxns(settings.maxClientCnxns())
        .juteMaxBufferBytes(settings.juteMaxBufferBytes())
        .containerCheckIntervalMs(settings.containerCheckIntervalMs())
        .extendedTypesEnabled(settings.extendedTypesEnabled())
        .enforceQuota(settings.enforceQuota())
        .snapCount(settings.snapCount())
        .build();
    WardenServer.Node node = new WardenServer().start(config);
    synchronized (this) {
      nodes[i] = node;
      clientPorts[i] = node.clientAddress().getPort();
    }
  }

  private boolean srvrAllowed() {
    return settings.fourLetterWords().contains("srvr");
  }

  private static boolean acceptsSession(int port) throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zk = new ZooKeeper("127.0.0.1:" + port, Compat.SESSION_TIMEOUT_MS, event -> {
      if (event.getState() == KeeperState.SyncConnected) {
        connected.countDown();
      }
    });
    try {
      return connected.await(2, TimeUnit.SECONDS);
    } finally {
      zk.close();
    }
  }

  private Path memberDir(int sid) {
    return dataDir.resolve("m" + sid);
  }

  private static int index(int sid) {
    if (sid < 1 || sid > SIZE) {
      throw new IllegalArgumentException("member sid must be 1.." + SIZE + ": " + sid);
    }
    return sid - 1;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }
}
