package io.warden.compat;

import static io.warden.compat.harness.Znodes.acl;
import static io.warden.compat.harness.Znodes.assertKeeperError;
import static io.warden.compat.harness.Znodes.bytes;
import static io.warden.compat.harness.Znodes.create;
import static io.warden.compat.harness.Znodes.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.EventRecorder;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import java.util.List;
import java.util.Set;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ACL schemes (world, auth, digest, ip, super) and what each permission guards. */
class AclTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  @CompatTest
  void creatorAllAclStoresTheDigestOfTheAuthenticatedUserAndLocksOthersOut(Target target) throws Exception {
    ZooKeeper alice = compat.connect(target);
    alice.addAuthInfo("digest", bytes("alice:secret"));
    ZooKeeper stranger = compat.connect(target);
    String path = compat.uniquePath();

    alice.create(path, bytes("private"), Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);

    assertEquals(List.of(new ACL(Perms.ALL, new Id("digest", ServerSettings.digestOf("alice", "secret")))),
        alice.getACL(path, new Stat()), "auth:'' becomes digest:user:base64(sha1(user:password))");
    assertArrayEquals(bytes("private"), alice.getData(path, false, null));
    assertKeeperError(Code.NOAUTH, () -> stranger.getData(path, false, null));
    assertKeeperError(Code.NOAUTH, () -> stranger.exists(path, false));
    assertKeeperError(Code.NOAUTH, () -> stranger.getChildren(path, false));
    assertKeeperError(Code.NOAUTH, () -> stranger.getACL(path, new Stat()));
    assertKeeperError(Code.NOAUTH, () -> stranger.setData(path, null, -1));
    assertKeeperError(Code.NOAUTH, () -> stranger.setACL(path, open(), -1));
    assertKeeperError(Code.NOAUTH, () -> create(stranger, path + "/child", null));
    assertKeeperError(Code.NOAUTH, () -> stranger.multi(List.of(Op.check(path, -1), Op.setData(path, null, -1))));

    ZooKeeper aliceAgain = compat.connect(target);
    aliceAgain.addAuthInfo("digest", bytes("alice:secret"));
    assertArrayEquals(bytes("private"), aliceAgain.getData(path, false, null), "any session of the user");
    ZooKeeper wrongPassword = compat.connect(target);
    wrongPassword.addAuthInfo("digest", bytes("alice:guess"));
    assertKeeperError(Code.NOAUTH, () -> wrongPassword.getData(path, false, null));
  }

  @CompatTest
  void deleteIsGuardedByTheParentsAclNotTheNodes(Target target) throws Exception {
    ZooKeeper alice = compat.connect(target);
    alice.addAuthInfo("digest", bytes("alice:secret"));
    ZooKeeper stranger = compat.connect(target);
    String open = compat.uniquePath();
    String locked = compat.uniquePath();
    create(alice, open, null);
    alice.create(open + "/private", null, Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
    alice.create(locked, null, acl(new ACL(Perms.ALL & ~Perms.DELETE, Ids.ANYONE_ID_UNSAFE)),
        CreateMode.PERSISTENT);
    create(stranger, locked + "/child", null);

    stranger.delete(open + "/private", -1);
    assertKeeperError(Code.NOAUTH, () -> stranger.delete(locked + "/child", -1));
    assertNull(stranger.exists(open + "/private", false));
  }

  @CompatTest
  void eachPermissionGuardsItsOwnOperations(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String base = compat.uniquePath();
    create(zk, base, null);
    String readOnly = base + "/read";
    String writeOnly = base + "/write";
    String createOnly = base + "/create";
    String adminOnly = base + "/admin";
    zk.create(readOnly, bytes("r"), acl(new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE)), CreateMode.PERSISTENT);
    zk.create(writeOnly, bytes("w"), acl(new ACL(Perms.WRITE, Ids.ANYONE_ID_UNSAFE)), CreateMode.PERSISTENT);
    zk.create(createOnly, null, acl(new ACL(Perms.CREATE, Ids.ANYONE_ID_UNSAFE)), CreateMode.PERSISTENT);
    zk.create(adminOnly, bytes("a"), acl(new ACL(Perms.ADMIN, Ids.ANYONE_ID_UNSAFE)), CreateMode.PERSISTENT);

    zk.getData(readOnly, false, null);
    zk.getChildren(readOnly, false);
    zk.getACL(readOnly, new Stat());
    assertKeeperError(Code.NOAUTH, () -> zk.setData(readOnly, null, -1));
    assertKeeperError(Code.NOAUTH, () -> create(zk, readOnly + "/c", null));

    zk.setData(writeOnly, bytes("w2"), -1);
    assertKeeperError(Code.NOAUTH, () -> zk.getData(writeOnly, false, null));

    create(zk, createOnly + "/c", null);
    assertKeeperError(Code.NOAUTH, () -> zk.getChildren(createOnly, false));

    zk.getACL(adminOnly, new Stat());                  // READ or ADMIN lets a client read the ACL
    assertKeeperError(Code.NOAUTH, () -> zk.getData(adminOnly, false, null));
    zk.setACL(adminOnly, open(), -1);
    zk.getData(adminOnly, false, null);
  }

  @CompatTest
  void getAclAndSetAclTrackTheAversion(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String path = compat.uniquePath();
    create(zk, path, null);
    List<ACL> readOnly = acl(new ACL(Perms.READ | Perms.ADMIN, Ids.ANYONE_ID_UNSAFE));

    assertKeeperError(Code.BADVERSION, () -> zk.setACL(path, readOnly, 1));
    Stat afterFirst = zk.setACL(path, readOnly, 0);
    Stat read = new Stat();

    assertEquals(readOnly, zk.getACL(path, read));
    assertEquals(1, afterFirst.getAversion());
    assertEquals(afterFirst, read);
    assertEquals(2, zk.setACL(path, open(), -1).getAversion(), "-1 matches any aversion");
  }

  @CompatTest
  void ipSchemeMatchesTheClientAddressAndMasks(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String base = compat.uniquePath();
    create(zk, base, null);
    zk.create(base + "/exact", null, acl(new ACL(Perms.ALL, new Id("ip", "127.0.0.1"))), CreateMode.PERSISTENT);
    zk.create(base + "/mask", null, acl(new ACL(Perms.ALL, new Id("ip", "127.0.0.0/8"))), CreateMode.PERSISTENT);
    zk.create(base + "/other", null, acl(new ACL(Perms.ALL, new Id("ip", "10.1.2.0/24"))), CreateMode.PERSISTENT);

    zk.getData(base + "/exact", false, null);
    zk.getData(base + "/mask", false, null);
    assertKeeperError(Code.NOAUTH, () -> zk.getData(base + "/other", false, null));
  }

  @CompatTest
  void superUserPassesEveryAcl(Target target) throws Exception {
    ZooKeeper alice = compat.connect(target);
    alice.addAuthInfo("digest", bytes("alice:secret"));
    String path = compat.uniquePath();
    alice.create(path, bytes("private"), Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
    ZooKeeper admin = compat.connect(target);

    admin.addAuthInfo("digest", bytes(ServerSettings.SUPER_USER + ":" + ServerSettings.SUPER_PASSWORD));

    assertArrayEquals(bytes("private"), admin.getData(path, false, null));
    admin.setACL(path, open(), -1);
    assertArrayEquals(bytes("private"), compat.connect(target).getData(path, false, null));
  }

  @CompatTest
  void whoAmIListsTheIdentitiesOfTheSession(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    assertEquals(List.of(new ClientInfo("ip", "127.0.0.1")), zk.whoAmI());

    zk.addAuthInfo("digest", bytes("bob:pw"));
    // The order of identities is not stable in the reference: compare as sets.
    assertEquals(Set.of(new ClientInfo("ip", "127.0.0.1"), new ClientInfo("digest", "bob")),
        Set.copyOf(zk.whoAmI()));

    ZooKeeper admin = compat.connect(target);
    admin.addAuthInfo("digest", bytes(ServerSettings.SUPER_USER + ":" + ServerSettings.SUPER_PASSWORD));
    assertEquals(Set.of(new ClientInfo("super", ""), new ClientInfo("digest", ServerSettings.SUPER_USER),
        new ClientInfo("ip", "127.0.0.1")), Set.copyOf(admin.whoAmI()));
  }

  @CompatTest
  void aDigestCredentialWithoutAColonIsHashedWholeAndNamesTheSession(Target target) throws Exception {
    EventRecorder states = new EventRecorder();
    ZooKeeper tool = compat.connect(compat.server(target).connectString(), Compat.SESSION_TIMEOUT_MS, states);
    tool.addAuthInfo("digest", bytes("curator-tool"));
    String path = compat.uniquePath();

    tool.create(path, bytes("mine"), Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);

    String identity = "curator-tool:" + java.util.Base64.getEncoder().encodeToString(
        java.security.MessageDigest.getInstance("SHA-1").digest(bytes("curator-tool")));
    assertEquals(List.of(new ACL(Perms.ALL, new Id("digest", identity))), tool.getACL(path, new Stat()),
        "the id is the whole credential, a colon, and the hash of the whole credential");
    assertEquals(Set.of(new ClientInfo("ip", "127.0.0.1"), new ClientInfo("digest", "curator-tool")),
        Set.copyOf(tool.whoAmI()));
    ZooKeeper again = compat.connect(target);
    again.addAuthInfo("digest", bytes("curator-tool"));
    assertArrayEquals(bytes("mine"), again.getData(path, false, null), "the same credential, another session");
    assertKeeperError(Code.NOAUTH, () -> compat.connect(target).getData(path, false, null));
    // An ACL naming that identity directly grants the same.
    String named = compat.uniquePath();
    create(compat.connect(target), named, null);
    compat.connect(target).setACL(named, acl(new ACL(Perms.READ, new Id("digest", identity))), -1);
    assertNull(again.getData(named, false, null), "read allowed (the node has no data)");
    assertTrue(states.settle(tool).stream().noneMatch(e -> e.getState() == KeeperState.AuthFailed),
        "no AuthFailed: the session lives on");
  }

  @CompatTest
  void unknownAuthSchemeFailsTheSession(Target target) throws Exception {
    EventRecorder states = new EventRecorder();
    ZooKeeper zk = compat.connect(compat.server(target).connectString(), Compat.SESSION_TIMEOUT_MS, states);

    zk.addAuthInfo("no-such-scheme", bytes("x"));

    states.awaitState(KeeperState.AuthFailed);
    assertKeeperError(Code.AUTHFAILED, () -> zk.exists("/", false));
  }
}
