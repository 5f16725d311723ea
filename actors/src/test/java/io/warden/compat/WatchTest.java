package io.warden.compat;

import static io.warden.compat.harness.Znodes.assertKeeperError;
import static io.warden.compat.harness.Znodes.bytes;
import static io.warden.compat.harness.Znodes.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.EventRecorder;
import io.warden.compat.harness.RawConnection;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import io.warden.compat.harness.Znodes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.proto.AddWatchRequest;
import org.apache.zookeeper.proto.CheckWatchesRequest;
import org.apache.zookeeper.proto.RemoveWatchesRequest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One-shot, persistent and recursive watches; their removal; their ordering against reads. */
class WatchTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  @CompatTest
  void dataWatchFiresOnceWithNodeDataChanged(Target target) throws Exception {
    ZooKeeper watcher = compat.connect(target);
    ZooKeeper writer = compat.connect(target);
    String path = compat.uniquePath();
    create(writer, path, "v0");
    EventRecorder events = new EventRecorder();
    watcher.getData(path, events, null);

    Stat changed = writer.setData(path, bytes("v1"), -1);
    writer.setData(path, bytes("v2"), -1);

    WatchedEvent event = events.nextNodeEvent();
    assertEquals(EventType.NodeDataChanged, event.getType());
    assertEquals(KeeperState.SyncConnected, event.getState());
    assertEquals(path, event.getPath());
    assertEquals(changed.getMzxid(), event.getZxid(), "the event carries the zxid of the change");
    assertEquals(List.of(), events.settledNodeEvents(watcher), "a one-shot watch fires once");
  }

  @CompatTest
  void existsWatchOnAMissingNodeFiresNodeCreated(Target target) throws Exception {
    ZooKeeper watcher = compat.connect(target);
    String path = compat.uniquePath();
    EventRecorder events = new EventRecorder();
    assertNull(watcher.exists(path, events));

    Stat created = Znodes.create(compat.connect(target), path, "x");

    WatchedEvent event = events.nextNodeEvent();
    assertEquals(EventType.NodeCreated, event.getType());
    assertEquals(path, event.getPath());
    assertEquals(created.getCzxid(), event.getZxid());
  }

  @CompatTest
  void childWatchFiresNodeChildrenChangedOnChildCreateAndDeleteButNotOnChildData(Target target)
      throws Exception {
    ZooKeeper watcher = compat.connect(target);
    ZooKeeper writer = compat.connect(target);
    String parent = compat.uniquePath();
    create(writer, parent, null);
    create(writer, parent + "/a", null);
    EventRecorder events = new EventRecorder();

    watcher.getChildren(parent, events);
    writer.setData(parent + "/a", bytes("data"), -1);
    writer.setData(parent, bytes("data"), -1);
    assertEquals(List.of(), events.settledNodeEvents(watcher), "data changes do not fire child watches");
    create(writer, parent + "/b", null);
    assertChildrenChanged(parent, events.nextNodeEvent());

    watcher.getChildren(parent, events);
    writer.delete(parent + "/a", -1);
    assertChildrenChanged(parent, events.nextNodeEvent());
    assertEquals(List.of(), events.settledNodeEvents(watcher));
  }

  @CompatTest
  void deletingAWatchedNodeFiresNodeDeletedOnBothDataAndChildWatches(Target target) throws Exception {
    ZooKeeper watcher = compat.connect(target);
    String path = compat.uniquePath();
    create(watcher, path, "x");
    EventRecorder dataEvents = new EventRecorder();
    EventRecorder childEvents = new EventRecorder();
    EventRecorder existsEvents = new EventRecorder();
    watcher.getData(path, dataEvents, null);
    watcher.getChildren(path, childEvents);
    watcher.exists(path, existsEvents);

    compat.connect(target).delete(path, -1);

    for (EventRecorder events : List.of(dataEvents, childEvents, existsEvents)) {
      WatchedEvent event = events.nextNodeEvent();
      assertEquals(EventType.NodeDeleted, event.getType());
      assertEquals(path, event.getPath());
    }
  }

  @CompatTest
  void oneWatcherObjectOnDataAndChildrenOfADeletedNodeIsCalledOnce(Target target) throws Exception {
    ZooKeeper watcher = compat.connect(target);
    String path = compat.uniquePath();
    create(watcher, path, "x");
    EventRecorder events = new EventRecorder();
    watcher.getData(path, events, null);
    watcher.getChildren(path, events);

    compat.connect(target).delete(path, -1);

    List<WatchedEvent> seen = events.settledNodeEvents(watcher);
    assertEquals(1, seen.size(), "the client calls each watcher object once per event: " + seen);
    assertEquals(EventType.NodeDeleted, seen.get(0).getType());
  }

  /**
   * ZooKeeper's ordering guarantee: a client sees a watch event before it sees the data that
   * fired it. Asynchronous read callbacks run on the same event thread as watchers, in the order
   * the server sent them, so every read that returns the new value must find the event already
   * delivered, however the reads interleave with the write.
   */
  @CompatTest
  void watchEventArrivesBeforeTheChangedDataCanBeRead(Target target) throws Exception {
    ZooKeeper reader = compat.connect(target);
    ZooKeeper writer = compat.connect(target);
    String path = compat.uniquePath();
    create(writer, path, "old");
    Compat.catchUp(target, reader); // on an ensemble the reader's member may not have the create yet
    AtomicBoolean eventSeen = new AtomicBoolean();
    reader.getData(path, event -> eventSeen.set(true), null);
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    int reads = 200;
    CountDownLatch done = new CountDownLatch(reads);

    CountDownLatch written = new CountDownLatch(1);
    writer.setData(path, bytes("new"), -1, (rc, p, ctx, stat) -> written.countDown(), null);
    for (int i = 0; i < reads; i++) {
      reader.getData(path, false, (rc, p, ctx, data, stat) -> {
        if ("new".equals(Znodes.text(data)) && !eventSeen.get()) {
          violations.add("read of mzxid " + stat.getMzxid() + " before its event");
        }
        done.countDown();
      }, null);
    }
    assertTrue(done.await(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS));
    // The write is on another session: only its reply orders it before the last read (under load
    // all 200 reads above may be served before the write is applied).
    assertTrue(written.await(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS), "the write was answered");
    // One last read strictly after the write: it must see both.
    assertEquals("new", Znodes.text(reader.getData(path, false, null)));
    events(reader);
    assertTrue(eventSeen.get(), "the event arrived");
    assertEquals(List.of(), violations);
  }

  @CompatTest
  void persistentWatchFiresForTheNodeAndItsDirectChildrenUntilRemoved(Target target) throws Exception {
    ZooKeeper watcher = compat.connect(target);
    ZooKeeper writer = compat.connect(target);
    String path = compat.uniquePath();
    create(writer, path, null);
    EventRecorder events = new EventRecorder();
    watcher.addWatch(path, events, AddWatchMode.PERSISTENT);

    create(writer, path + "/a", null);
    create(writer, path + "/a/deep", null);        // grandchildren are not reported
    writer.setData(path + "/a", bytes("x"), -1);   // nor are children's data changes
    writer.setData(path, bytes("x"), -1);
    writer.delete(path + "/a/deep", -1);
    writer.delete(path + "/a", -1);
    writer.delete(path, -1);
    create(writer, path, null);                    // the watch outlives the node

    assertEvents(events.settledNodeEvents(watcher),
        EventType.NodeChildrenChanged + " " + path,
        EventType.NodeDataChanged + " " + path,
        EventType.NodeChildrenChanged + " " + path,
        EventType.NodeDeleted + " " + path,
        EventType.NodeCreated + " " + path);

    watcher.removeWatches(path, events, WatcherType.Any, false);
    assertEvents(events.settledNodeEvents(watcher), EventType.PersistentWatchRemoved + " " + path);
    writer.setData(path, bytes("y"), -1);
    assertEquals(List.of(), events.settledNodeEvents(watcher));
  }

  @CompatTest
  void persistentRecursiveWatchFiresForEveryDescendantButNeverChildrenChanged(Target target)
      throws Exception {
    ZooKeeper watcher = compat.connect(target);
    ZooKeeper writer = compat.connect(target);
    String path = compat.uniquePath();
    create(writer, path, null);
    EventRecorder events = new EventRecorder();
    watcher.addWatch(path, events, AddWatchMode.PERSISTENT_RECURSIVE);

    create(writer, path + "/a", null);
    create(writer, path + "/a/b", null);
    writer.setData(path + "/a/b", bytes("x"), -1);
    writer.setData(path, bytes("x"), -1);
    writer.delete(path + "/a/b", -1);
    writer.delete(path + "/a", -1);
    writer.delete(path, -1);
    create(writer, path, null);
    create(writer, path + "x", null);               // a sibling sharing the prefix is not below

    assertEvents(events.settledNodeEvents(watcher),
        EventType.NodeCreated + " " + path + "/a",
        EventType.NodeCreated + " " + path + "/a/b",
        EventType.NodeDataChanged + " " + path + "/a/b",
        EventType.NodeDataChanged + " " + path,
        EventType.NodeDeleted + " " + path + "/a/b",
        EventType.NodeDeleted + " " + path + "/a",
        EventType.NodeDeleted + " " + path,
        EventType.NodeCreated + " " + path);
  }

  @CompatTest
  void persistentAndRecursiveWatchesOnOnePathCoexistAndAreRemovedEachOnItsOwn(Target target) throws Exception {
    ZooKeeper watcher = compat.connect(target);
    ZooKeeper writer = compat.connect(target);
    String path = compat.uniquePath();
    create(writer, path, null);
    EventRecorder persistent = new EventRecorder();
    EventRecorder recursive = new EventRecorder();
    watcher.addWatch(path, persistent, AddWatchMode.PERSISTENT);
    watcher.addWatch(path, recursive, AddWatchMode.PERSISTENT_RECURSIVE);

    create(writer, path + "/a", null);
    assertEvents(persistent.settledNodeEvents(watcher), EventType.NodeChildrenChanged + " " + path);
    assertEvents(recursive.settledNodeEvents(watcher), EventType.NodeCreated + " " + path + "/a");

    // removeWatches asks the server whether it holds that mode (checkWatches): it holds both.
    watcher.removeWatches(path, persistent, WatcherType.Persistent, false);
    assertEvents(persistent.settledNodeEvents(watcher), EventType.PersistentWatchRemoved + " " + path);
    create(writer, path + "/a/b", null);
    assertEvents(recursive.settledNodeEvents(watcher), EventType.NodeCreated + " " + path + "/a/b");
    watcher.removeWatches(path, recursive, WatcherType.PersistentRecursive, false);
    assertEvents(recursive.settledNodeEvents(watcher), EventType.PersistentWatchRemoved + " " + path);
  }

  @CompatTest
  void eachPersistentModeIsCheckedAndRemovedOnItsOwnOnTheServer(Target target) throws Exception {
    String path = compat.uniquePath();
    create(compat.connect(target), path, null);
    try (RawConnection raw = RawConnection.open(compat.server(target).port())) {
      raw.handshake(Compat.SESSION_TIMEOUT_MS);
      int persistent = WatcherType.Persistent.getIntValue();
      int recursive = WatcherType.PersistentRecursive.getIntValue();
      int any = WatcherType.Any.getIntValue();
      assertRaw(Code.OK, raw.request(1, OpCode.addWatch, new AddWatchRequest(path, AddWatchMode.PERSISTENT.getMode())));
      assertRaw(Code.OK, raw.request(2, OpCode.addWatch,
          new AddWatchRequest(path, AddWatchMode.PERSISTENT_RECURSIVE.getMode())));
      assertRaw(Code.OK, raw.request(3, OpCode.checkWatches, new CheckWatchesRequest(path, persistent)));
      assertRaw(Code.OK, raw.request(4, OpCode.checkWatches, new CheckWatchesRequest(path, recursive)));

      assertRaw(Code.OK, raw.request(5, OpCode.removeWatches, new RemoveWatchesRequest(path, persistent)));
      assertRaw(Code.NOWATCHER, raw.request(6, OpCode.checkWatches, new CheckWatchesRequest(path, persistent)));
      assertRaw(Code.OK, raw.request(7, OpCode.checkWatches, new CheckWatchesRequest(path, recursive)));
      assertRaw(Code.OK, raw.request(8, OpCode.removeWatches, new RemoveWatchesRequest(path, recursive)));
      assertRaw(Code.NOWATCHER, raw.request(9, OpCode.checkWatches, new CheckWatchesRequest(path, any)));

      assertRaw(Code.OK, raw.request(10, OpCode.addWatch, new AddWatchRequest(path, AddWatchMode.PERSISTENT.getMode())));
      assertRaw(Code.OK, raw.request(11, OpCode.addWatch,
          new AddWatchRequest(path, AddWatchMode.PERSISTENT_RECURSIVE.getMode())));
      assertRaw(Code.OK, raw.request(12, OpCode.removeWatches, new RemoveWatchesRequest(path, any)));
      assertRaw(Code.NOWATCHER, raw.request(13, OpCode.checkWatches, new CheckWatchesRequest(path, persistent)));
      assertRaw(Code.NOWATCHER, raw.request(14, OpCode.checkWatches, new CheckWatchesRequest(path, recursive)));
    }
  }

  private static void assertRaw(Code expected, RawConnection.Reply reply) {
    assertEquals(expected, Code.get(reply.err()), "xid " + reply.header().getXid());
  }

  @CompatTest
  void removeWatchesDeliversWatchRemovedEventsAndRemovesOnlyTheAskedType(Target target) throws Exception {
    ZooKeeper watcher = compat.connect(target);
    ZooKeeper writer = compat.connect(target);
    String path = compat.uniquePath();
    create(writer, path, null);
    EventRecorder dataEvents = new EventRecorder();
    EventRecorder childEvents = new EventRecorder();
    watcher.getData(path, dataEvents, null);
    watcher.getChildren(path, childEvents);

    watcher.removeWatches(path, dataEvents, WatcherType.Data, false);

    assertEvents(dataEvents.settledNodeEvents(watcher), EventType.DataWatchRemoved + " " + path);
    writer.setData(path, bytes("x"), -1);
    create(writer, path + "/c", null);
    assertEquals(List.of(), dataEvents.settledNodeEvents(watcher), "removed");
    assertEvents(childEvents.settledNodeEvents(watcher), EventType.NodeChildrenChanged + " " + path);

    watcher.getChildren(path, childEvents);
    watcher.removeAllWatches(path, WatcherType.Children, false);
    assertEvents(childEvents.settledNodeEvents(watcher), EventType.ChildWatchRemoved + " " + path);
  }

  @CompatTest
  void removingAWatchThatIsNotThereAnswersNoWatcher(Target target) throws Exception {
    ZooKeeper watcher = compat.connect(target);
    String path = compat.uniquePath();
    create(watcher, path, null);
    EventRecorder events = new EventRecorder();
    watcher.getData(path, events, null);

    assertKeeperError(Code.NOWATCHER, () -> watcher.removeWatches(path, events, WatcherType.Children, false));
    assertKeeperError(Code.NOWATCHER, () -> watcher.removeWatches(path + "/none", events, WatcherType.Any, false));
    assertKeeperError(Code.NOWATCHER, () -> watcher.removeAllWatches(path, WatcherType.Children, false));
    assertKeeperError(Code.NOWATCHER, () -> watcher.removeWatches(path, event -> {}, WatcherType.Data, false));
    // The data watch is untouched by the failed removals.
    compat.connect(target).setData(path, bytes("x"), -1);
    assertEquals(EventType.NodeDataChanged, events.nextNodeEvent().getType());
  }

  @CompatTest
  void watchesFireForChangesMadeByTheWatchingSessionItself(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String path = compat.uniquePath();
    EventRecorder events = new EventRecorder();
    zk.exists(path, events);

    create(zk, path, null, CreateMode.EPHEMERAL);

    assertEquals(EventType.NodeCreated, events.nextNodeEvent().getType());
  }

  private static void assertChildrenChanged(String parent, WatchedEvent event) {
    assertEquals(EventType.NodeChildrenChanged, event.getType());
    assertEquals(parent, event.getPath());
  }

  private static void assertEvents(List<WatchedEvent> seen, String... expected) {
    assertEquals(List.of(expected), seen.stream().map(e -> e.getType() + " " + e.getPath()).toList());
  }

  /** A round trip through the reader's event thread, after which earlier callbacks have run. */
  private static void events(ZooKeeper zk) throws Exception {
    new EventRecorder().settle(zk);
  }
}
