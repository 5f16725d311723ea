package io.warden.compat;

import static io.warden.compat.harness.Znodes.acl;
import static io.warden.compat.harness.Znodes.bytes;
import static io.warden.compat.harness.Znodes.create;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.EventRecorder;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import java.util.List;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Watch events are filtered by READ on the znode they are about, for the watching session
 * (CVE-2024-23944): every event type, every watch kind, denied and allowed.
 */
class WatchAclTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  private static final List<ACL> ALICE_ONLY = acl(new ACL(Perms.ALL,
      new Id("digest", ServerSettings.digestOf("alice", "secret"))));

  private ZooKeeper alice(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    zk.addAuthInfo("digest", bytes("alice:secret"));
    return zk;
  }

  private ZooKeeper admin(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    zk.addAuthInfo("digest", bytes(ServerSettings.SUPER_USER + ":" + ServerSettings.SUPER_PASSWORD));
    return zk;
  }

  @CompatTest
  void recursiveWatchDoesNotTellOfDescendantsTheSessionMayNotRead(Target target) throws Exception {
    ZooKeeper writer = alice(target);
    String base = compat.uniquePath();
    create(writer, base, null);
    ZooKeeper stranger = compat.connect(target);
    ZooKeeper aliceToo = alice(target);
    ZooKeeper admin = admin(target);
    EventRecorder strangerEvents = new EventRecorder();
    EventRecorder aliceEvents = new EventRecorder();
    EventRecorder adminEvents = new EventRecorder();
    stranger.addWatch(base, strangerEvents, AddWatchMode.PERSISTENT_RECURSIVE);
    aliceToo.addWatch(base, aliceEvents, AddWatchMode.PERSISTENT_RECURSIVE);
    admin.addWatch(base, adminEvents, AddWatchMode.PERSISTENT_RECURSIVE);

    writer.create(base + "/secret", null, ALICE_ONLY, CreateMode.PERSISTENT);
    create(writer, base + "/open", null);
    writer.setData(base + "/secret", bytes("x"), -1);
    writer.setData(base + "/open", bytes("x"), -1);
    writer.delete(base + "/secret", -1);
    writer.delete(base + "/open", -1);

    List<String> all = List.of(
        EventType.NodeCreated + " " + base + "/secret", EventType.NodeCreated + " " + base + "/open",
        EventType.NodeDataChanged + " " + base + "/secret", EventType.NodeDataChanged + " " + base + "/open",
        EventType.NodeDeleted + " " + base + "/secret", EventType.NodeDeleted + " " + base + "/open");
    assertEquals(all, names(aliceEvents.settledNodeEvents(aliceToo)), "the identity in the ACL");
    assertEquals(all, names(adminEvents.settledNodeEvents(admin)), "super");
    assertEquals(List.of(EventType.NodeCreated + " " + base + "/open", EventType.NodeDataChanged + " " + base + "/open",
        EventType.NodeDeleted + " " + base + "/open"), names(strangerEvents.settledNodeEvents(stranger)));
  }

  @CompatTest
  void oneShotAndPersistentWatchesAreFilteredByTheAclTheNodeHasWhenTheEventFires(Target target) throws Exception {
    ZooKeeper writer = alice(target);
    String base = compat.uniquePath();
    create(writer, base, null);
    String data = base + "/data";
    String parent = base + "/parent";
    String persistent = base + "/persistent";
    create(writer, data, null);
    create(writer, parent, null);
    create(writer, persistent, null);
    ZooKeeper stranger = compat.connect(target);
    ZooKeeper late = compat.connect(target);
    EventRecorder events = new EventRecorder();
    EventRecorder lateEvents = new EventRecorder();
    stranger.getData(data, events, null);                  // data watch
    stranger.getChildren(data, events);                    // child watch, fires on delete
    stranger.exists(base + "/missing", events);            // exist watch
    stranger.getChildren(parent, events);                  // child watch on a parent
    stranger.addWatch(persistent, events, AddWatchMode.PERSISTENT);
    late.addWatch(persistent, lateEvents, AddWatchMode.PERSISTENT);
    for (String path : List.of(data, parent, persistent)) {
      writer.setACL(path, ALICE_ONLY, -1);                 // no event; the watches were set while readable
    }

    writer.setData(data, bytes("x"), -1);
    writer.delete(data, -1);
    writer.create(base + "/missing", null, ALICE_ONLY, CreateMode.PERSISTENT);
    create(writer, parent + "/child", null);
    create(writer, persistent + "/child", null);
    writer.setData(persistent, bytes("x"), -1);
    Compat.catchUp(target, stranger, late); // on an ensemble, their members may not have applied it yet
    assertEquals(List.of(), names(events.settledNodeEvents(stranger)), "no event of an unreadable node");
    assertEquals(List.of(), names(lateEvents.settledNodeEvents(late)));

    // Identities count as they are when the event fires: after addAuth the same watch reports.
    late.addAuthInfo("digest", bytes("alice:secret"));
    writer.setData(persistent, bytes("y"), -1);
    writer.delete(persistent + "/child", -1);
    Compat.catchUp(target, late);
    assertEquals(List.of(EventType.NodeDataChanged + " " + persistent, EventType.NodeChildrenChanged + " " + persistent),
        names(lateEvents.settledNodeEvents(late)));
    // The one-shot watches were used up by the events the stranger did not see.
    writer.setACL(parent, Ids.OPEN_ACL_UNSAFE, -1);
    create(writer, parent + "/other", null);
    Compat.catchUp(target, stranger);
    assertEquals(List.of(), names(events.settledNodeEvents(stranger)), "the child watch fired, unseen, and is gone");
  }

  private static List<String> names(List<WatchedEvent> events) {
    return events.stream().map(e -> e.getType() + " " + e.getPath()).toList();
  }
}
