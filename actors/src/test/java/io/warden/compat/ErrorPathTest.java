package io.warden.compat;

import static io.warden.compat.harness.Znodes.assertKeeperError;
import static io.warden.compat.harness.Znodes.create;
import static io.warden.compat.harness.Znodes.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.RawConnection;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import io.warden.compat.harness.Znodes;
import java.util.List;
import org.apache.jute.Record;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.proto.CheckVersionRequest;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.CreateTTLRequest;
import org.apache.zookeeper.proto.GetDataRequest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every error a request can meet, with the exact code the stock client surfaces. */
class ErrorPathTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  @CompatTest
  void missingNodesAnswerNoNodeForEveryOperation(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String missing = compat.uniquePath();

    assertNull(zk.exists(missing, false), "exists answers null, not NoNode");
    assertKeeperError(Code.NONODE, () -> zk.getData(missing, false, null));
    assertKeeperError(Code.NONODE, () -> zk.setData(missing, null, -1));
    assertKeeperError(Code.NONODE, () -> zk.delete(missing, -1));
    assertKeeperError(Code.NONODE, () -> zk.getChildren(missing, false));
    assertKeeperError(Code.NONODE, () -> zk.getACL(missing, new Stat()));
    assertKeeperError(Code.NONODE, () -> zk.setACL(missing, open(), -1));
    assertKeeperError(Code.NONODE, () -> zk.getAllChildrenNumber(missing));
    KeeperException e = assertKeeperError(Code.NONODE, () -> create(zk, missing + "/child", null));
    assertEquals(missing + "/child", e.getPath(), "the error names the requested path");
  }

  @CompatTest
  void creatingAnExistingNodeAnswersNodeExists(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String path = compat.uniquePath();
    create(zk, path, "first");

    assertKeeperError(Code.NODEEXISTS, () -> create(zk, path, "second"));
    assertKeeperError(Code.NODEEXISTS, () -> create(zk, path, "second", CreateMode.EPHEMERAL));
    assertKeeperError(Code.NODEEXISTS, () -> create(zk, "/", null));
    assertEquals("first", Znodes.text(zk.getData(path, false, null)));
  }

  @CompatTest
  void wrongExpectedVersionAnswersBadVersion(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String path = compat.uniquePath();
    create(zk, path, "x");
    zk.setData(path, null, 0);

    assertKeeperError(Code.BADVERSION, () -> zk.setData(path, null, 0));
    assertKeeperError(Code.BADVERSION, () -> zk.setData(path, null, 7));
    assertKeeperError(Code.BADVERSION, () -> zk.delete(path, 0));
    assertKeeperError(Code.BADVERSION, () -> zk.setACL(path, open(), 1));
    assertKeeperError(Code.BADVERSION, () -> zk.multi(List.of(Op.check(path, 0))));
    assertEquals(1, zk.exists(path, false).getVersion(), "nothing changed");
    zk.multi(List.of(Op.check(path, 1), Op.check(path, -1)));
  }

  @CompatTest
  void deletingANodeWithChildrenAnswersNotEmpty(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String parent = compat.uniquePath();
    create(zk, parent, null);
    create(zk, parent + "/child", null);

    assertKeeperError(Code.NOTEMPTY, () -> zk.delete(parent, -1));
    assertNotNull(zk.exists(parent + "/child", false));
  }

  @CompatTest
  void theRootAndTheZookeeperSubtreeCannotBeDeleted(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    for (String path : List.of("/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config")) {
      KeeperException e = assertKeeperError(Code.BADARGUMENTS, () -> zk.delete(path, -1));
      assertEquals(path, e.getPath());
    }
    // ...but the world may write into /zookeeper/quota, and the config node is read-only.
    String quota = "/zookeeper/quota" + compat.uniquePath();
    create(zk, quota, null);
    zk.delete(quota, -1);
    assertKeeperError(Code.NOAUTH, () -> zk.setData("/zookeeper/config", null, -1));
  }

  @CompatTest
  void unusableAclsAnswerInvalidAcl(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String path = compat.uniquePath();

    // Client-side: an empty list never leaves the client, hence no path in the error.
    KeeperException empty = assertKeeperError(Code.INVALIDACL,
        () -> zk.create(path, null, new java.util.ArrayList<>(), CreateMode.PERSISTENT));
    assertNull(empty.getPath());
    // Server-side: the error carries the path.
    assertEquals(path, assertKeeperError(Code.INVALIDACL,
        () -> zk.create(path, null, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT)).getPath(),
        "auth scheme without any authenticated identity");
    assertKeeperError(Code.INVALIDACL, () -> zk.create(path, null,
        Znodes.acl(new ACL(ZooDefs.Perms.ALL, new Id("no-such-scheme", "x"))), CreateMode.PERSISTENT));
    assertKeeperError(Code.INVALIDACL, () -> zk.create(path, null,
        Znodes.acl(new ACL(ZooDefs.Perms.ALL, new Id("ip", "not-an-address"))), CreateMode.PERSISTENT));
    assertKeeperError(Code.INVALIDACL, () -> zk.create(path, null,
        Znodes.acl(new ACL(ZooDefs.Perms.ALL, new Id("digest", "no-colon"))), CreateMode.PERSISTENT));
    assertNull(zk.exists(path, false));
    create(zk, path, null);
    assertKeeperError(Code.INVALIDACL, () -> zk.setACL(path, ZooDefs.Ids.CREATOR_ALL_ACL, -1));
  }

  @CompatTest
  void malformedRequestsFromARawClientAnswerBadArgumentsOrUnimplemented(Target target) throws Exception {
    try (RawConnection raw = RawConnection.open(compat.server(target).port())) {
      raw.handshake(Compat.SESSION_TIMEOUT_MS);
      String path = compat.uniquePath();
      assertRawError(Code.BADARGUMENTS, raw.request(1, OpCode.create,
          new CreateRequest(path, null, open(), 99)), "unknown create flags");
      assertRawError(Code.BADARGUMENTS, raw.request(2, OpCode.createTTL,
          new CreateTTLRequest(path, null, open(), CreateMode.PERSISTENT_WITH_TTL.toFlag(), 0)), "TTL 0");
      assertRawError(Code.BADARGUMENTS, raw.request(3, OpCode.createTTL,
          new CreateTTLRequest(path, null, open(), CreateMode.PERSISTENT.toFlag(), 100)), "TTL on a non-TTL mode");
      assertRawError(Code.BADARGUMENTS, raw.request(4, OpCode.create,
          new CreateRequest("/.", null, open(), 0)), "a '.' path element");
      assertRawError(Code.BADARGUMENTS, raw.request(5, OpCode.create,
          new CreateRequest("/zookeeper/", null, open(), 0)), "a trailing slash");
      assertRawError(Code.INVALIDACL, raw.request(6, OpCode.create,
          new CreateRequest(path, null, new java.util.ArrayList<>(), 0)), "an empty ACL");
      assertRawError(Code.NONODE, raw.request(7, OpCode.getData,
          new GetDataRequest("relative", false)), "a relative path on a read");
      assertRawError(Code.OK, raw.request(8, OpCode.exists,
          new org.apache.zookeeper.proto.ExistsRequest("/", false)), "the session survived all of the above");
      // An unknown op code is answered, then the connection is closed.
      assertRawError(Code.UNIMPLEMENTED, raw.request(9, 999, (Record) null), "an unknown op code");
      assertTrue(raw.awaitClosedByServer(), "connection closed after an unknown op code");
    }
  }

  @CompatTest
  void aCheckOnItsOwnIsNoRequestAndIsAnsweredLikeAnUnknownOpCode(Target target) throws Exception {
    try (RawConnection raw = RawConnection.open(compat.server(target).port())) {
      raw.handshake(Compat.SESSION_TIMEOUT_MS);
      // Op 13 is valid only inside a multi; alone it is refused unread, even for a node that
      // exists at the version asked for.
      RawConnection.Reply reply = raw.request(1, OpCode.check, new CheckVersionRequest("/", 0));
      assertRawError(Code.UNIMPLEMENTED, reply, "a check outside a multi");
      assertEquals(1, reply.header().getXid());
      assertTrue(raw.awaitClosedByServer(), "connection closed after a check outside a multi");
    }
  }

  @CompatTest
  void invalidPathsAreRejectedByTheClientBeforeSending(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    for (String bad : List.of("", "relative", "/trailing/", "//double", "/a//b", "/a/./b", "/a/../b",
        "/.", "/..", "/nul\u0000char", "/bad\u0001control", "/surrogate\ud800")) {
      assertThrows(IllegalArgumentException.class, () -> zk.exists(bad, false), () -> "exists '" + bad + "'");
      assertThrows(IllegalArgumentException.class, () -> create(zk, bad, null), () -> "create '" + bad + "'");
      assertThrows(IllegalArgumentException.class, () -> zk.delete(bad, -1), () -> "delete '" + bad + "'");
    }
    // Sequential creates validate the name with the suffix appended, so a trailing '/' is fine.
    String parent = compat.uniquePath();
    create(zk, parent, null);
    assertEquals(parent + "/0000000000", create(zk, parent + "/", null, CreateMode.PERSISTENT_SEQUENTIAL));
    // Dots inside a name are just characters.
    create(zk, parent + "/.hidden", null);
    create(zk, parent + "/a.b..c", null);
  }

  private static void assertRawError(Code expected, RawConnection.Reply reply, String what) {
    assertEquals(expected, Code.get(reply.err()), what);
  }
}
