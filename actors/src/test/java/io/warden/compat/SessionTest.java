package io.warden.compat;

import static io.warden.compat.harness.Znodes.bytes;
import static io.warden.compat.harness.Znodes.create;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.EventRecorder;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.ServerUnderTest;
import io.warden.compat.harness.Target;
import io.warden.compat.harness.TcpProxy;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Session timeouts, reconnection with the same session, expiry, and watches across both. */
class SessionTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  @CompatTest
  void negotiatedTimeoutIsClampedToTheServersMinimumAndMaximum(Target target) throws Exception {
    // Wide clamps so that the client's own connect timeout (its requested timeout) stays generous.
    ServerSettings settings = compat.settings().withSessionTimeoutsMs(4_000, 8_000);
    String connect = compat.freshServer(target, settings).connectString();

    ZooKeeper tooShort = compat.connect(connect, 1_000, event -> {});
    ZooKeeper tooLong = compat.connect(connect, 80_000, event -> {});
    ZooKeeper inRange = compat.connect(connect, 6_000, event -> {});

    assertEquals(4_000, tooShort.getSessionTimeout());
    assertEquals(8_000, tooLong.getSessionTimeout());
    assertEquals(6_000, inRange.getSessionTimeout());
    assertEquals(3, List.of(tooShort.getSessionId(), tooLong.getSessionId(), inRange.getSessionId())
        .stream().distinct().count(), "every session has its own id");
  }

  @CompatTest
  void sessionSurvivesAServerRestartWithItsIdEphemeralsAndWatches(Target target) throws Exception {
    ServerUnderTest server = compat.freshServer(target);
    EventRecorder states = new EventRecorder();
    ZooKeeper zk = compat.connect(server.connectString(), Compat.SESSION_TIMEOUT_MS, states);
    long sessionId = zk.getSessionId();
    create(zk, "/eph", "e", CreateMode.EPHEMERAL);
    create(zk, "/watched", "v0", CreateMode.PERSISTENT);
    EventRecorder events = new EventRecorder();
    zk.getData("/watched", events, null);
    EventRecorder recursive = new EventRecorder();
    zk.addWatch("/watched", recursive, AddWatchMode.PERSISTENT_RECURSIVE);

    server.restart();

    states.awaitState(KeeperState.Disconnected);
    states.awaitState(KeeperState.SyncConnected);
    assertEquals(sessionId, zk.getSessionId(), "same session after reconnecting");
    Stat eph = zk.exists("/eph", false);
    assertNotNull(eph, "ephemeral kept across the restart");
    assertEquals(sessionId, eph.getEphemeralOwner());
    // The client re-sent its watches on reconnect (SetWatches); a change now must fire them.
    compat.connect(server).setData("/watched", bytes("v1"), -1);
    WatchedEvent event = events.nextNodeEvent();
    assertEquals(EventType.NodeDataChanged, event.getType());
    assertEquals("/watched", event.getPath());
    assertEquals(EventType.NodeDataChanged, recursive.nextNodeEvent().getType());
    create(compat.connect(server), "/watched/child", null);
    WatchedEvent below = recursive.nextNodeEvent();
    assertEquals(EventType.NodeCreated + " /watched/child", below.getType() + " " + below.getPath(),
        "persistent watches are re-sent too");
  }

  @CompatTest
  void changeMissedWhileDisconnectedFiresTheWatchOnReconnect(Target target) throws Exception {
    try (TcpProxy proxy = new TcpProxy(compat.server(target).port())) {
      EventRecorder states = new EventRecorder();
      ZooKeeper zk = compat.connect(proxy.connectString(), Compat.SESSION_TIMEOUT_MS, states);
      ZooKeeper writer = compat.connect(target);
      String path = compat.uniquePath();
      String created = path + "-created";
      String parent = path + "-parent";
      create(writer, path, "v0");
      create(writer, parent, null);
      EventRecorder dataEvents = new EventRecorder();
      EventRecorder existEvents = new EventRecorder();
      EventRecorder childEvents = new EventRecorder();
      zk.getData(path, dataEvents, null);
      zk.exists(created, existEvents);
      zk.getChildren(parent, childEvents);

      proxy.cut();
      states.awaitState(KeeperState.Disconnected);
      writer.setData(path, bytes("v1"), -1);
      create(writer, created, null);
      create(writer, parent + "/child", null);
      proxy.heal();

      // The client tells the server the last zxid it saw; the server fires at once every
      // watch whose node changed after it.
      states.awaitState(KeeperState.SyncConnected);
      assertEquals(EventType.NodeDataChanged, dataEvents.nextNodeEvent().getType());
      assertEquals(EventType.NodeCreated, existEvents.nextNodeEvent().getType());
      assertEquals(EventType.NodeChildrenChanged, childEvents.nextNodeEvent().getType());
      assertArrayEquals(bytes("v1"), zk.getData(path, false, null));
    }
  }

  @CompatTest
  void expiredSessionIsToldSoOnReconnectAndItsHandleIsDead(Target target) throws Exception {
    try (TcpProxy proxy = new TcpProxy(compat.server(target).port())) {
      EventRecorder states = new EventRecorder();
      ZooKeeper zk = compat.connect(proxy.connectString(), Compat.EXPIRING_SESSION_TIMEOUT_MS, states);
      String path = compat.uniquePath();
      create(zk, path, null, CreateMode.EPHEMERAL);
      EventRecorder deletion = new EventRecorder();
      ZooKeeper observer = compat.connect(target);
      observer.exists(path, deletion);

      proxy.cut();
      assertEquals(EventType.NodeDeleted, deletion.nextNodeEvent().getType(), "server expired the session");
      proxy.heal();

      states.awaitState(KeeperState.Expired);
      await().atMost(Duration.ofSeconds(Compat.TIMEOUT_SECONDS))
          .until(() -> zk.getState() == ZooKeeper.States.CLOSED);
      KeeperException e = assertThrows(KeeperException.class, () -> zk.exists("/", false));
      assertEquals(KeeperException.Code.SESSIONEXPIRED, e.code());
    }
  }

  @CompatTest
  void sessionIdAndPasswordLetAnotherHandleResumeTheSession(Target target) throws Exception {
    String connect = compat.server(target).connectString();
    ZooKeeper first = compat.connect(connect, Compat.SESSION_TIMEOUT_MS, event -> {});
    String path = compat.uniquePath();
    create(first, path, null, CreateMode.EPHEMERAL);

    ZooKeeper second = compat.connect(connect, Compat.SESSION_TIMEOUT_MS, event -> {},
        first.getSessionId(), first.getSessionPasswd());

    assertEquals(first.getSessionId(), second.getSessionId());
    assertEquals(first.getSessionId(), second.exists(path, false).getEphemeralOwner());
    assertEquals(List.of(path), second.getEphemerals(path));
  }

  @CompatTest
  void wrongPasswordIsAnsweredWithExpiry(Target target) throws Exception {
    String connect = compat.server(target).connectString();
    ZooKeeper first = compat.connect(target);
    byte[] wrong = first.getSessionPasswd().clone();
    wrong[0] ^= 0x5a;
    EventRecorder states = new EventRecorder();

    ZooKeeper impostor = compat.register(
        new ZooKeeper(connect, Compat.SESSION_TIMEOUT_MS, states, first.getSessionId(), wrong));

    states.awaitState(KeeperState.Expired);
    assertEquals(ZooKeeper.States.CLOSED, waitClosed(impostor));
    // The owner keeps its session; the reference may drop its connection for a moment while it
    // revalidates, after which the same session answers again.
    await().atMost(Duration.ofSeconds(Compat.TIMEOUT_SECONDS)).ignoreException(KeeperException.ConnectionLossException.class)
        .until(() -> first.exists("/", false) != null);
    assertEquals(ZooKeeper.States.CONNECTED, first.getState(), "the real owner keeps its session");
  }

  private static ZooKeeper.States waitClosed(ZooKeeper zk) {
    await().atMost(Duration.ofSeconds(Compat.TIMEOUT_SECONDS)).until(() -> zk.getState() == ZooKeeper.States.CLOSED);
    return zk.getState();
  }
}
