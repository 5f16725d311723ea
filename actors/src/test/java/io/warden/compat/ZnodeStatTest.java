package io.warden.compat;

import static io.warden.compat.harness.Znodes.create;
import static io.warden.compat.harness.Znodes.describe;
import static io.warden.compat.harness.Znodes.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import io.warden.compat.harness.Znodes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Create, read, update, delete, and every field of Stat after each. */
class ZnodeStatTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  /** Server and test share a clock on this machine; a little slack for scheduling. */
  private static final long CLOCK_SLACK_MS = TimeUnit.SECONDS.toMillis(5);

  @CompatTest
  void freshServerHasOnlyTheZookeeperSubtreeWithReferenceStats(Target target) throws Exception {
    ZooKeeper zk = compat.connect(compat.freshServer(target));

    assertEquals(List.of("zookeeper"), zk.getChildren("/", false));
    assertEquals(Set.of("config", "quota"), Set.copyOf(zk.getChildren("/zookeeper", false)));
    assertEquals(List.of(), zk.getChildren("/zookeeper/quota", false));
    assertEquals(3, zk.getAllChildrenNumber("/"));

    // ZooKeeper builds these nodes outside any transaction: zxids and times are 0, and the
    // cversions of "/" and "/zookeeper" are minus their number of children.
    Stat root = new Stat();
    assertArrayEquals(new byte[0], zk.getData("/", false, root));
    assertEquals(stat(0, 0, 0, 0, 0, -1, 0, 0, 0, 1, 0), root);
    Stat system = new Stat();
    assertArrayEquals(new byte[0], zk.getData("/zookeeper", false, system));
    assertEquals(stat(0, 0, 0, 0, 0, -2, 0, 0, 0, 2, 0), system);
    assertEquals(stat(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), zk.exists("/zookeeper/quota", false));
    // Standalone: the dynamic config node is empty, read-only to the world, and aversion -1.
    Stat config = new Stat();
    assertArrayEquals(new byte[0], zk.getData("/zookeeper/config", false, config));
    assertEquals(stat(0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0), config);
    assertEquals(List.of(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE)),
        zk.getACL("/zookeeper/config", new Stat()));
    assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, zk.getACL("/", new Stat()));
  }

  @CompatTest
  void createAnswersWithTheStatOfTheNewNode(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String path = compat.uniquePath();
    long before = System.currentTimeMillis();

    Stat created = create(zk, path, "hello");

    long after = System.currentTimeMillis();
    assertTrue(created.getCzxid() > 0, describe(created));
    assertEquals(created.getCzxid(), created.getMzxid(), "mzxid of a new node");
    assertEquals(created.getCzxid(), created.getPzxid(), "pzxid of a new node");
    assertEquals(created.getCtime(), created.getMtime(), "mtime of a new node");
    assertTrue(created.getCtime() >= before - CLOCK_SLACK_MS && created.getCtime() <= after + CLOCK_SLACK_MS,
        "ctime " + created.getCtime() + " not within [" + before + ", " + after + "]");
    long zxid = created.getCzxid();
    long time = created.getCtime();
    assertEquals(stat(zxid, zxid, time, time, 0, 0, 0, 0, 5, 0, zxid), created);
    Stat read = new Stat();
    assertEquals("hello", Znodes.text(zk.getData(path, false, read)));
    assertEquals(created, read, "getData's Stat equals create's");
    assertEquals(created, zk.exists(path, false), "exists' Stat equals create's");
  }

  @CompatTest
  void setDataBumpsVersionMzxidMtimeAndLengthOnly(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String path = compat.uniquePath();
    Stat created = create(zk, path, "one");

    Stat updated = zk.setData(path, Znodes.bytes("three"), 0);

    assertTrue(updated.getMzxid() > created.getMzxid(), describe(updated));
    assertTrue(updated.getMtime() >= created.getMtime(), describe(updated));
    assertEquals(stat(created.getCzxid(), updated.getMzxid(), created.getCtime(), updated.getMtime(),
        1, 0, 0, 0, 5, 0, created.getPzxid()), updated);
    assertEquals(updated, zk.exists(path, false));
    Stat again = zk.setData(path, null, -1);
    assertEquals(2, again.getVersion(), "version -1 matches any and still bumps");
    assertEquals(0, again.getDataLength(), "null data has length 0");
    assertNull(zk.getData(path, false, null), "null data reads back as null");
    zk.setData(path, new byte[0], -1);
    assertArrayEquals(new byte[0], zk.getData(path, false, null), "empty data reads back as empty, not null");
  }

  @CompatTest
  void childCreateAndDeleteMoveParentPzxidCversionAndNumChildrenOnly(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String parent = compat.uniquePath();
    Stat p0 = create(zk, parent, "p");

    Stat child = create(zk, parent + "/c", "c");
    Stat p1 = zk.exists(parent, false);
    assertEquals(child.getCzxid(), p1.getPzxid(), "pzxid is the last child change");
    assertEquals(stat(p0.getCzxid(), p0.getMzxid(), p0.getCtime(), p0.getMtime(), 0, 1, 0, 0, 1, 1,
        child.getCzxid()), p1, "a child create moves pzxid, cversion and numChildren only");

    zk.setData(parent + "/c", Znodes.bytes("changed"), -1);
    assertEquals(p1, zk.exists(parent, false), "a child's data change leaves the parent alone");

    zk.delete(parent + "/c", -1);
    Stat p2 = zk.exists(parent, false);
    Stat probe = create(zk, compat.uniquePath(), null);
    assertTrue(p2.getPzxid() > child.getCzxid() && p2.getPzxid() < probe.getCzxid(),
        "pzxid is the delete's zxid: " + describe(p2));
    assertEquals(stat(p0.getCzxid(), p0.getMzxid(), p0.getCtime(), p0.getMtime(), 0, 2, 0, 0, 1, 0,
        p2.getPzxid()), p2, "a child delete moves pzxid, cversion and numChildren only");

    Stat children = new Stat();
    assertEquals(List.of(), zk.getChildren(parent, false, children));
    assertEquals(p2, children, "getChildren2 answers with the parent's Stat");
  }

  @CompatTest
  void setAclBumpsAversionOnly(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String path = compat.uniquePath();
    Stat created = create(zk, path, "x");

    Stat afterAcl = zk.setACL(path, Znodes.acl(new ACL(ZooDefs.Perms.ALL, ZooDefs.Ids.ANYONE_ID_UNSAFE)), 0);

    assertEquals(stat(created.getCzxid(), created.getMzxid(), created.getCtime(), created.getMtime(),
        0, 0, 1, 0, 1, 0, created.getPzxid()), afterAcl, "setACL moves aversion only");
    Stat aclStat = new Stat();
    assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, zk.getACL(path, aclStat));
    assertEquals(afterAcl, aclStat);
  }

  @CompatTest
  void ephemeralOwnerIsTheCreatingSession(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String path = compat.uniquePath();
    Stat stat = new Stat();

    zk.create(path, null, open(), CreateMode.EPHEMERAL, stat);

    assertEquals(zk.getSessionId(), stat.getEphemeralOwner());
    assertEquals(0, stat.getDataLength());
    assertEquals(stat, compat.connect(target).exists(path, false), "seen alike by another session");
  }

  @CompatTest
  void deleteRemovesTheNodeAndVersionsMatchExactly(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String path = compat.uniquePath();
    create(zk, path, "x");
    zk.setData(path, null, 0);

    zk.delete(path, 1);

    assertNull(zk.exists(path, false));
    create(zk, path, "again");
    assertEquals(0, zk.exists(path, false).getVersion(), "a re-created node starts over");
  }

  /** An expected Stat in ZooKeeper's wire order of fields, compared with equals (all 11 fields). */
  private static Stat stat(long czxid, long mzxid, long ctime, long mtime, int version, int cversion,
                           int aversion, long ephemeralOwner, int dataLength, int numChildren, long pzxid) {
    return new Stat(czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner, dataLength,
        numChildren, pzxid);
  }
}
