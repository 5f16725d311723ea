package io.warden.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.RawConnection;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import java.util.ArrayList;
import java.util.List;
import org.apache.jute.Record;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.MultiOperationRecord;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.proto.*;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Null strings (length -1) where ZooKeeper's jute records read a string: in ACL ids, paths,
 * path lists, auth packets. Each case runs on its own connection; the expected code and whether
 * the connection stays open are ZooKeeper 3.9.5's answers (recorded against the reference).
 */
class NullStringTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  record Case(String name, boolean auth, int op, Record body, int err, boolean staysOpen) {}

  static List<ACL> acl(String scheme, String id) {
    List<ACL> l = new ArrayList<>();
    l.add(new ACL(Perms.ALL, new Id(scheme, id)));
    return l;
  }

  @CompatTest
  void nullStringsAreAnsweredWhereAndAsZooKeeperAnswersThem(Target target) throws Exception {
    String base = compat.uniquePath();
    io.warden.compat.harness.Znodes.create(compat.connect(target), base, null);
    List<Case> cases = new ArrayList<>();
    int n = 0;
    cases.add(new Case("create auth:null with auth", true, OpCode.create, new CreateRequest(base + "/a" + n++, null, acl("auth", null), 0), 0, true));
    cases.add(new Case("create auth:null no auth", false, OpCode.create, new CreateRequest(base + "/a" + n++, null, acl("auth", null), 0), -114, true));
    cases.add(new Case("create null:anyone", false, OpCode.create, new CreateRequest(base + "/a" + n++, null, acl(null, "anyone"), 0), -114, true));
    cases.add(new Case("create world:null", false, OpCode.create, new CreateRequest(base + "/a" + n++, null, acl("world", null), 0), -5, true));
    cases.add(new Case("create digest:null", false, OpCode.create, new CreateRequest(base + "/a" + n++, null, acl("digest", null), 0), -5, true));
    cases.add(new Case("create ip:null", false, OpCode.create, new CreateRequest(base + "/a" + n++, null, acl("ip", null), 0), -5, true));
    cases.add(new Case("create null:null", false, OpCode.create, new CreateRequest(base + "/a" + n++, null, acl(null, null), 0), -114, true));
    cases.add(new Case("create x509:null", false, OpCode.create, new CreateRequest(base + "/a" + n++, null, acl("x509", null), 0), -114, true));
    cases.add(new Case("create super:null", false, OpCode.create, new CreateRequest(base + "/a" + n++, null, acl("super", null), 0), -114, true));
    List<ACL> two = acl("auth", null);
    two.add(new ACL(Perms.ALL, new Id("world", "anyone")));
    cases.add(new Case("create [auth:null, world:anyone] with auth", true, OpCode.create, new CreateRequest(base + "/a" + n++, null, two, 0), 0, true));
    List<ACL> two2 = acl("world", "anyone");
    two2.add(new ACL(Perms.ALL, new Id("auth", null)));
    cases.add(new Case("create [world:anyone, auth:null] with auth", true, OpCode.create, new CreateRequest(base + "/a" + n++, null, two2, 0), 0, true));
    List<ACL> two3 = acl("auth", null);
    two3.add(new ACL(Perms.ALL, new Id("auth", null)));
    cases.add(new Case("create [auth:null, auth:null] with auth", true, OpCode.create, new CreateRequest(base + "/a" + n++, null, two3, 0), -5, true));
    cases.add(new Case("create2 auth:null with auth", true, OpCode.create2, new CreateRequest(base + "/a" + n++, null, acl("auth", null), 0), 0, true));
    cases.add(new Case("createTTL auth:null with auth", true, OpCode.createTTL, new CreateTTLRequest(base + "/a" + n++, null, acl("auth", null), CreateMode.PERSISTENT_WITH_TTL.toFlag(), 1000), 0, true));
    cases.add(new Case("createContainer auth:null with auth", true, OpCode.createContainer, new CreateRequest(base + "/a" + n++, null, acl("auth", null), CreateMode.CONTAINER.toFlag()), 0, true));
    cases.add(new Case("setACL auth:null with auth", true, OpCode.setACL, new SetACLRequest(base, acl("auth", null), -1), 0, true));
    cases.add(new Case("setACL null:x", true, OpCode.setACL, new SetACLRequest(base, acl(null, "x"), -1), -114, true));
    cases.add(new Case("multi create auth:null with auth", true, OpCode.multi, new MultiOperationRecord(List.of(Op.create(base + "/m" + n++, null, acl("auth", null), CreateMode.PERSISTENT))), 0, true));
    cases.add(new Case("multi create null:anyone", true, OpCode.multi, new MultiOperationRecord(List.of(Op.create(base + "/m" + n++, null, acl(null, "anyone"), CreateMode.PERSISTENT))), 0, true));
    cases.add(new Case("multi create world:null", true, OpCode.multi, new MultiOperationRecord(List.of(Op.create(base + "/m" + n++, null, acl("world", null), CreateMode.PERSISTENT))), -5, true));
    cases.add(new Case("create null path", false, OpCode.create, new CreateRequest(null, null, acl("world", "anyone"), 0), -5, true));
    cases.add(new Case("delete null path", false, OpCode.delete, new DeleteRequest(null, -1), -5, true));
    cases.add(new Case("setData null path", false, OpCode.setData, new SetDataRequest(null, null, -1), -8, true));
    cases.add(new Case("setACL null path", false, OpCode.setACL, new SetACLRequest(null, acl("world", "anyone"), -1), -8, true));
    cases.add(new Case("exists null path", false, OpCode.exists, new ExistsRequest(null, false), -5, true));
    cases.add(new Case("exists null path watch", false, OpCode.exists, new ExistsRequest(null, true), -5, true));
    cases.add(new Case("getData null path", false, OpCode.getData, new GetDataRequest(null, false), -5, true));
    cases.add(new Case("getChildren null path", false, OpCode.getChildren, new GetChildrenRequest(null, false), -5, true));
    cases.add(new Case("getChildren2 null path", false, OpCode.getChildren2, new GetChildren2Request(null, false), -5, true));
    cases.add(new Case("getACL null path", false, OpCode.getACL, new GetACLRequest(null), -5, true));
    cases.add(new Case("sync null path", false, OpCode.sync, new SyncRequest(null), 0, true));
    cases.add(new Case("getAllChildrenNumber null", false, OpCode.getAllChildrenNumber, new GetAllChildrenNumberRequest(null), -5, true));
    cases.add(new Case("getEphemerals null", false, OpCode.getEphemerals, new GetEphemeralsRequest(null), 0, true));
    cases.add(new Case("addWatch null", false, OpCode.addWatch, new AddWatchRequest(null, 0), 0, true));
    cases.add(new Case("checkWatches null", false, OpCode.checkWatches, new CheckWatchesRequest(null, 3), -121, true));
    cases.add(new Case("removeWatches null", false, OpCode.removeWatches, new RemoveWatchesRequest(null, 3), -121, true));
    cases.add(new Case("multi delete null", false, OpCode.multi, new MultiOperationRecord(List.of(Op.delete(null, -1))), -5, true));
    cases.add(new Case("multi check null", false, OpCode.multi, new MultiOperationRecord(List.of(Op.check(null, -1))), -5, true));
    cases.add(new Case("multi setData null", false, OpCode.multi, new MultiOperationRecord(List.of(Op.setData(null, null, -1))), -5, true));
    cases.add(new Case("multiRead getData null", false, OpCode.multiRead, new MultiOperationRecord(List.of(Op.getData(null))), -5, true));
    cases.add(new Case("multiRead getChildren null", false, OpCode.multiRead, new MultiOperationRecord(List.of(Op.getChildren(null))), -5, true));
    cases.add(new Case("reconfig nulls", false, OpCode.reconfig, new ReconfigRequest(null, null, null, -1), -123, true));
    cases.add(new Case("setWatches null entries", false, OpCode.setWatches, new SetWatches(0, nullList(), nullList(), nullList()), -5, true));
    cases.add(new Case("setWatches null vectors", false, OpCode.setWatches, new SetWatches(0, null, null, null), -5, true));
    cases.add(new Case("setWatches2 null entries", false, OpCode.setWatches2, new SetWatches2(0, nullList(), nullList(), nullList(), nullList(), nullList()), -5, true));
    cases.add(new Case("auth null scheme", false, OpCode.auth, new AuthPacket(0, null, "a:b".getBytes()), -115, false));
    cases.add(new Case("auth digest null data", false, OpCode.auth, new AuthPacket(0, "digest", null), -115, false));
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    for (Case c : cases) {
      expected.add(c.name + " -> " + c.err + (c.staysOpen ? "" : ", closed"));
      actual.add(c.name + " -> " + answer(target, c));
    }
    assertEquals(expected, actual);
    ZooKeeper alice = compat.connect(target);
    alice.addAuthInfo("digest", "alice:secret".getBytes());
    assertEquals(List.of(new ACL(Perms.ALL, new Id("digest", ServerSettings.digestOf("alice", "secret")))),
        alice.getACL(base + "/a0", new Stat()), "auth with a null id expands to the session's identities");
  }

  private static String answer(Target target, Case c) throws Exception {
    try (RawConnection raw = RawConnection.open(compat.server(target).port())) {
      raw.handshake(Compat.SESSION_TIMEOUT_MS);
      if (c.auth) {
        RawConnection.Reply a = raw.request(-4, OpCode.auth, new AuthPacket(0, "digest", "alice:secret".getBytes()));
        assertEquals(0, a.err(), "auth");
      }
      RawConnection.Reply r = raw.request(c.op == OpCode.auth ? -4 : 1, c.op, c.body);
      String answer = Integer.toString(r.err());
      if (raw.awaitClosedAfterPing()) {
        answer += ", closed";
      }
      return answer;
    }
  }

  static List<String> nullList() {
    List<String> l = new ArrayList<>();
    l.add(null);
    return l;
  }
}
