package io.warden.compat;

import static io.warden.compat.harness.Znodes.assertKeeperError;
import static io.warden.compat.harness.Znodes.bytes;
import static io.warden.compat.harness.Znodes.create;
import static io.warden.compat.harness.Znodes.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.EventRecorder;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.OpResult.CheckResult;
import org.apache.zookeeper.OpResult.CreateResult;
import org.apache.zookeeper.OpResult.DeleteResult;
import org.apache.zookeeper.OpResult.ErrorResult;
import org.apache.zookeeper.OpResult.GetChildrenResult;
import org.apache.zookeeper.OpResult.GetDataResult;
import org.apache.zookeeper.OpResult.SetDataResult;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.extension.RegisterExtension;

/** multi (atomic writes) and multiRead (independent reads). */
class MultiTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  @CompatTest
  void successfulMultiAppliesEveryOpAtOneZxidAndAnswersAResultPerOp(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String base = compat.uniquePath();
    create(zk, base, null);
    create(zk, base + "/old", "old");

    List<OpResult> results = zk.multi(List.of(
        Op.create(base + "/new", bytes("n"), open(), CreateMode.PERSISTENT),
        Op.create(base + "/seq-", null, open(), CreateMode.PERSISTENT_SEQUENTIAL),
        Op.setData(base + "/new", bytes("nn"), 0),
        Op.check(base + "/old", 0),
        Op.delete(base + "/old", 0)));

    assertEquals(5, results.size());
    CreateResult created = assertInstanceOf(CreateResult.class, results.get(0));
    assertEquals(base + "/new", created.getPath());
    assertEquals(base + "/seq-0000000002", assertInstanceOf(CreateResult.class, results.get(1)).getPath());
    SetDataResult set = assertInstanceOf(SetDataResult.class, results.get(2));
    assertInstanceOf(CheckResult.class, results.get(3));
    assertInstanceOf(DeleteResult.class, results.get(4));
    // One transaction: every op carries the same zxid.
    Stat stat = set.getStat();
    assertEquals(1, stat.getVersion());
    assertEquals(stat.getCzxid(), stat.getMzxid(), "created and updated in the same txn");
    assertEquals(created.getStat(), null, "Op.create answers a path only (create, not create2)");
    assertNull(zk.exists(base + "/old", false));
    assertArrayEquals(bytes("nn"), zk.getData(base + "/new", false, null));
    assertEquals(stat.getMzxid(), zk.exists(base, false).getPzxid(), "parent pzxid is the multi's zxid");
  }

  @CompatTest
  void failedMultiAppliesNothingAndMarksOpsBeforeOkAndAfterRuntimeInconsistency(Target target)
      throws Exception {
    ZooKeeper zk = compat.connect(target);
    String base = compat.uniquePath();
    create(zk, base, "v");
    EventRecorder events = new EventRecorder();
    zk.getData(base, events, null);
    zk.getChildren(base, events);

    KeeperException e = assertThrows(KeeperException.class, () -> zk.multi(List.of(
        Op.create(base + "/a", null, open(), CreateMode.PERSISTENT),
        Op.setData(base, bytes("w"), -1),
        Op.create(base + "/a", null, open(), CreateMode.PERSISTENT),   // fails: created by op 0
        Op.delete(base + "/missing", -1),
        Op.check(base, 0))));

    assertEquals(Code.NODEEXISTS, e.code(), "the exception is the first failing op's error");
    assertNull(e.getPath(), "a multi's exception names no path");
    assertEquals(List.of(Code.OK, Code.OK, Code.NODEEXISTS, Code.RUNTIMEINCONSISTENCY,
        Code.RUNTIMEINCONSISTENCY), errorCodes(e.getResults()));
    assertNull(zk.exists(base + "/a", false), "nothing applied");
    assertArrayEquals(bytes("v"), zk.getData(base, false, null));
    assertEquals(List.of(), events.settledNodeEvents(zk), "no watch fired");
  }

  @CompatTest
  void checkOpGuardsAMultiOnAnotherNodesVersion(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String lock = compat.uniquePath();
    String data = compat.uniquePath();
    create(zk, lock, null);
    create(zk, data, "0");
    zk.setData(lock, null, -1);

    KeeperException stale = assertKeeperError(Code.BADVERSION, () -> zk.multi(List.of(
        Op.check(lock, 0), Op.setData(data, bytes("1"), -1))));
    assertEquals(List.of(Code.BADVERSION, Code.RUNTIMEINCONSISTENCY), errorCodes(stale.getResults()));
    KeeperException missing = assertKeeperError(Code.NONODE, () -> zk.multi(List.of(
        Op.setData(data, bytes("1"), -1), Op.check(lock + "-missing", -1))));
    assertEquals(List.of(Code.OK, Code.NONODE), errorCodes(missing.getResults()));

    zk.multi(List.of(Op.check(lock, 1), Op.setData(data, bytes("1"), -1)));
    assertArrayEquals(bytes("1"), zk.getData(data, false, null));
  }

  @CompatTest
  void emptyMultiSucceedsWithNoResults(Target target) throws Exception {
    assertEquals(List.of(), compat.connect(target).multi(List.of()));
  }

  @CompatTest
  void multiReadAnswersEachReadIndependentlyWithErrorsInPlace(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String base = compat.uniquePath();
    create(zk, base, "parent");
    create(zk, base + "/c1", "one");
    create(zk, base + "/c2", null);

    List<OpResult> results = zk.multi(List.of(
        Op.getData(base + "/c1"),
        Op.getData(base + "/missing"),
        Op.getChildren(base),
        Op.getChildren(base + "/missing"),
        Op.getData(base + "/c2")));

    GetDataResult data = assertInstanceOf(GetDataResult.class, results.get(0));
    assertArrayEquals(bytes("one"), data.getData());
    assertEquals(zk.exists(base + "/c1", false), data.getStat());
    assertEquals(Code.NONODE.intValue(), assertInstanceOf(ErrorResult.class, results.get(1)).getErr());
    assertEquals(List.of("c1", "c2"),
        assertInstanceOf(GetChildrenResult.class, results.get(2)).getChildren().stream().sorted().toList());
    assertEquals(Code.NONODE.intValue(), assertInstanceOf(ErrorResult.class, results.get(3)).getErr());
    assertNull(assertInstanceOf(GetDataResult.class, results.get(4)).getData());
  }

  @CompatTest
  void readsAndWritesCannotBeMixedInOneMulti(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String path = compat.uniquePath();
    assertThrows(IllegalArgumentException.class, () -> zk.multi(List.of(
        Op.getData("/"), Op.create(path, null, open(), CreateMode.PERSISTENT))));
    assertNull(zk.exists(path, false));
  }

  @CompatTest
  void multiFiresWatchesForEveryOpOnlyAfterCommitting(Target target) throws Exception {
    ZooKeeper watcher = compat.connect(target);
    ZooKeeper writer = compat.connect(target);
    String base = compat.uniquePath();
    create(writer, base, null);
    EventRecorder childEvents = new EventRecorder();
    EventRecorder dataEvents = new EventRecorder();
    watcher.getChildren(base, childEvents);
    watcher.getData(base, dataEvents, null);

    writer.multi(List.of(
        Op.create(base + "/x", null, open(), CreateMode.PERSISTENT),
        Op.setData(base, bytes("d"), -1)));

    assertEquals(EventType.NodeChildrenChanged, childEvents.nextNodeEvent().getType());
    assertEquals(EventType.NodeDataChanged, dataEvents.nextNodeEvent().getType());
    assertTrue(watcher.exists(base + "/x", false) != null);
  }

  private static List<Code> errorCodes(List<OpResult> results) {
    return results.stream().map(r -> Code.get(assertInstanceOf(ErrorResult.class, r).getErr())).toList();
  }
}
