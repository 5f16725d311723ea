package io.warden.compat;

import static io.warden.compat.harness.Znodes.bytes;
import static io.warden.compat.harness.Znodes.create;
import static io.warden.compat.harness.Znodes.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.EventRecorder;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import java.util.List;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A connect string ending in a path makes that path the client's root. The chroot lives in the
 * client alone: the server sees and answers full paths, and the stock client strips the prefix
 * from most answers and events, though not from all.
 */
class ChrootTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  @CompatTest
  void pathsResultsAndEventsAreRelativeToTheChroot(Target target) throws Exception {
    ZooKeeper root = compat.connect(target);
    String chroot = compat.uniquePath();
    create(root, chroot, null);
    ZooKeeper zk = compat.connect(compat.server(target).connectString(chroot), Compat.SESSION_TIMEOUT_MS,
        event -> {});

    assertEquals("/a", create(zk, "/a", "x", CreateMode.PERSISTENT));
    assertEquals("/a/s-0000000000", create(zk, "/a/s-", null, CreateMode.EPHEMERAL_SEQUENTIAL));
    assertNotNull(root.exists(chroot + "/a/s-0000000000", false));
    assertEquals(List.of("a"), zk.getChildren("/", false));
    assertEquals(root.exists(chroot, false), zk.exists("/", false), "'/' is the chroot node");
    // getEphemerals is an exception: the server answers full paths and the stock client
    // does not strip its chroot from them.
    assertEquals(List.of(chroot + "/a/s-0000000000"), zk.getEphemerals());
    assertEquals(2, zk.getAllChildrenNumber("/"));

    List<OpResult> results = zk.multi(List.of(Op.create("/b", null, open(), CreateMode.PERSISTENT)));
    // So are a multi's create results: the server never knows the chroot.
    assertEquals(chroot + "/b", assertInstanceOf(OpResult.CreateResult.class, results.get(0)).getPath());

    EventRecorder events = new EventRecorder();
    zk.getData("/a", events, null);
    zk.getChildren("/", events);
    EventRecorder recursive = new EventRecorder();
    zk.addWatch("/", recursive, AddWatchMode.PERSISTENT_RECURSIVE);
    root.setData(chroot + "/a", bytes("y"), -1);
    create(root, chroot + "/c", null);

    assertEvent(EventType.NodeDataChanged, "/a", events.nextNodeEvent());
    assertEvent(EventType.NodeChildrenChanged, "/", events.nextNodeEvent());
    assertEvent(EventType.NodeDataChanged, "/a", recursive.nextNodeEvent());
    assertEvent(EventType.NodeCreated, "/c", recursive.nextNodeEvent());
  }

  @CompatTest
  void aMissingChrootMakesOperationsFailWithNoNode(Target target) throws Exception {
    String chroot = compat.uniquePath();
    ZooKeeper zk = compat.connect(compat.server(target).connectString(chroot), Compat.SESSION_TIMEOUT_MS,
        event -> {});

    io.warden.compat.harness.Znodes.assertKeeperError(org.apache.zookeeper.KeeperException.Code.NONODE,
        () -> create(zk, "/a", null));
    EventRecorder events = new EventRecorder();
    zk.exists("/", events);
    create(compat.connect(target), chroot, null);
    assertEvent(EventType.NodeCreated, "/", events.nextNodeEvent());
  }

  private static void assertEvent(EventType type, String path, WatchedEvent event) {
    assertEquals(type + " " + path, event.getType() + " " + event.getPath());
  }
}
