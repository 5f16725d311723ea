package io.warden.compat;

import static io.warden.compat.harness.Znodes.assertKeeperError;
import static io.warden.compat.harness.Znodes.create;
import static io.warden.compat.harness.Znodes.open;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.EventRecorder;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import io.warden.compat.harness.TcpProxy;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sequential naming, ephemerals and their end, containers, TTL nodes. */
class CreateModeTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  @CompatTest
  void sequentialSuffixCountsChildCreatesZeroPaddedToTenDigits(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String parent = compat.uniquePath();
    create(zk, parent, null);

    assertEquals(parent + "/s-0000000000", create(zk, parent + "/s-", null, CreateMode.PERSISTENT_SEQUENTIAL));
    assertEquals(parent + "/s-0000000001", create(zk, parent + "/s-", null, CreateMode.EPHEMERAL_SEQUENTIAL));
    create(zk, parent + "/plain", null, CreateMode.PERSISTENT);  // every create counts
    assertKeeperError(Code.NODEEXISTS, () -> create(zk, parent + "/plain", null, CreateMode.PERSISTENT));
    zk.delete(parent + "/s-0000000000", -1);                      // deletes do not
    assertEquals(4, zk.exists(parent, false).getCversion(), "cversion counts creates and deletes");
    assertEquals(parent + "/s-0000000003", create(zk, parent + "/s-", null, CreateMode.PERSISTENT_SEQUENTIAL));
    assertEquals(parent + "/0000000004", create(zk, parent + "/", null, CreateMode.PERSISTENT_SEQUENTIAL),
        "an empty prefix is allowed");
    assertEquals(6, zk.exists(parent, false).getCversion());
    assertEquals(List.of("0000000004", "plain", "s-0000000001", "s-0000000003"),
        zk.getChildren(parent, false).stream().sorted().toList());
  }

  @CompatTest
  void ephemeralNodeGoesWhenItsSessionCloses(Target target) throws Exception {
    ZooKeeper owner = compat.connect(target);
    ZooKeeper observer = compat.connect(target);
    String path = compat.uniquePath();
    create(owner, path, "e", CreateMode.EPHEMERAL);
    EventRecorder events = new EventRecorder();
    assertNotNull(observer.exists(path, events));

    owner.close();

    WatchedEvent deleted = events.nextNodeEvent();
    assertEquals(EventType.NodeDeleted, deleted.getType());
    assertEquals(path, deleted.getPath());
    assertNull(observer.exists(path, false));
  }

  @CompatTest
  void ephemeralNodeGoesWhenItsSessionExpires(Target target) throws Exception {
    try (TcpProxy proxy = new TcpProxy(compat.server(target).port())) {
      EventRecorder ownerEvents = new EventRecorder();
      ZooKeeper owner = compat.connect(proxy.connectString(), Compat.EXPIRING_SESSION_TIMEOUT_MS, ownerEvents);
      ZooKeeper observer = compat.connect(target);
      String path = compat.uniquePath();
      create(owner, path, "e", CreateMode.EPHEMERAL);
      Compat.catchUp(target, observer); // else, on an ensemble, the watch may be set before the create
      EventRecorder events = new EventRecorder();
      observer.exists(path, events);

      proxy.cut(); // no pings reach the server any more: it must expire the session itself

      WatchedEvent deleted = events.nextNodeEvent();
      assertEquals(EventType.NodeDeleted, deleted.getType());
      ownerEvents.awaitState(KeeperState.Disconnected);
      proxy.heal();
      ownerEvents.awaitState(KeeperState.Expired);
      await().atMost(Duration.ofSeconds(Compat.TIMEOUT_SECONDS))
          .until(() -> owner.getState() == ZooKeeper.States.CLOSED);
    }
  }

  @CompatTest
  void ephemeralNodeGoesWhenAnotherConnectionClosesItsSession(Target target) throws Exception {
    EventRecorder ownerEvents = new EventRecorder();
    String connect = compat.server(target).connectString();
    ZooKeeper owner = compat.connect(connect, Compat.SESSION_TIMEOUT_MS, ownerEvents);
    String path = compat.uniquePath();
    create(owner, path, "e", CreateMode.EPHEMERAL);

    // The stock client's own trick: a second handle on the same session id and password
    // takes the session over; closing it closes the session for both.
    ZooKeeper takeover = compat.connect(connect, Compat.SESSION_TIMEOUT_MS, event -> {},
        owner.getSessionId(), owner.getSessionPasswd());
    assertEquals(owner.getSessionId(), takeover.getSessionId());
    takeover.close();

    assertNull(compat.connect(target).exists(path, false));
    ownerEvents.awaitState(KeeperState.Expired);
  }

  @CompatTest
  void ephemeralsCannotHaveChildren(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String path = compat.uniquePath();
    create(zk, path, null, CreateMode.EPHEMERAL);

    for (CreateMode mode : CreateMode.values()) {
      if (mode.isTTL()) {
        assertKeeperError(Code.NOCHILDRENFOREPHEMERALS,
            () -> zk.create(path + "/child", null, open(), mode, new Stat(), 60_000));
      } else {
        assertKeeperError(Code.NOCHILDRENFOREPHEMERALS, () -> create(zk, path + "/child", null, mode));
      }
    }
  }

  @CompatTest
  void containerIsDeletedOnceItsLastChildIsDeleted(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String emptied = compat.uniquePath();
    String occupied = compat.uniquePath();
    String neverUsed = compat.uniquePath();
    for (String container : List.of(emptied, occupied, neverUsed)) {
      create(zk, container, null, CreateMode.CONTAINER);
    }
    // The server marks containers in the stored ephemeralOwner but shows clients 0.
    assertEquals(0, zk.exists(emptied, false).getEphemeralOwner());
    create(zk, emptied + "/child", null, CreateMode.PERSISTENT);
    create(zk, occupied + "/child", null, CreateMode.PERSISTENT);

    zk.delete(emptied + "/child", -1);

    await().atMost(Duration.ofSeconds(Compat.TIMEOUT_SECONDS)).until(() -> zk.exists(emptied, false) == null);
    // The sweep that removed the emptied container saw these two and kept them: one still
    // has a child, the other never had one (ZooKeeper keeps never-used containers by default).
    assertNotNull(zk.exists(occupied, false));
    assertNotNull(zk.exists(neverUsed, false));
  }

  @CompatTest
  void ttlNodeIsDeletedWhenUnchangedForItsTtl(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String shortLived = compat.uniquePath();
    String longLived = compat.uniquePath();
    String withChild = compat.uniquePath();
    Stat stat = new Stat();
    zk.create(shortLived, null, open(), CreateMode.PERSISTENT_WITH_TTL, stat, 300);
    assertEquals(0, stat.getEphemeralOwner(), "the TTL is stored in ephemeralOwner but shown as 0");
    zk.create(longLived, null, open(), CreateMode.PERSISTENT_WITH_TTL, new Stat(), 600_000);
    String sequentialTtl = zk.create(withChild, null, open(), CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, stat, 300);
    create(zk, sequentialTtl + "/child", null, CreateMode.PERSISTENT);

    await().atMost(Duration.ofSeconds(Compat.TIMEOUT_SECONDS)).until(() -> zk.exists(shortLived, false) == null);
    assertNotNull(zk.exists(longLived, false), "TTL not reached");
    assertNotNull(zk.exists(sequentialTtl, false), "a TTL node with children stays");
  }

  @CompatTest
  void ttlIsValidatedByTheClientBeforeSending(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String path = compat.uniquePath();
    assertThrows(IllegalArgumentException.class,
        () -> zk.create(path, null, open(), CreateMode.PERSISTENT_WITH_TTL, new Stat(), 0));
    assertThrows(IllegalArgumentException.class,
        () -> zk.create(path, null, open(), CreateMode.PERSISTENT_WITH_TTL, new Stat(), 1L << 40));
    assertThrows(IllegalArgumentException.class,
        () -> zk.create(path, null, open(), CreateMode.PERSISTENT, new Stat(), 100));
    assertThrows(IllegalArgumentException.class,
        () -> zk.multi(List.of(Op.create(path, null, open(), CreateMode.PERSISTENT_WITH_TTL, 0))));
    assertNull(zk.exists(path, false));
  }
}
