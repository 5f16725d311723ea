package io.warden.compat;

import static io.warden.compat.harness.Znodes.bytes;
import static io.warden.compat.harness.Znodes.create;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.extension.RegisterExtension;

/** sync, getAllChildrenNumber, getEphemerals. */
class ReadPathTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  @CompatTest
  void syncThenReadSeesEveryEarlierWrite(Target target) throws Exception {
    ZooKeeper reader = compat.connect(target);
    ZooKeeper writer = compat.connect(target);
    String path = compat.uniquePath();
    create(writer, path, "v0");
    writer.setData(path, bytes("v1"), -1);

    CompletableFuture<String> synced = new CompletableFuture<>();
    reader.sync(path, (rc, syncedPath, ctx) -> {
      if (rc == Code.OK.intValue()) {
        synced.complete(syncedPath);
      } else {
        synced.completeExceptionally(new AssertionError("sync failed: " + Code.get(rc)));
      }
    }, null);

    assertEquals(path, synced.get(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS), "sync answers its path");
    assertArrayEquals(bytes("v1"), reader.getData(path, false, null));
  }

  @CompatTest
  void syncOfAMissingPathStillSucceeds(Target target) throws Exception {
    CompletableFuture<Integer> rc = new CompletableFuture<>();
    compat.connect(target).sync(compat.uniquePath(), (code, p, ctx) -> rc.complete(code), null);
    assertEquals(Code.OK, Code.get(rc.get(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS)));
  }

  @CompatTest
  void getAllChildrenNumberCountsEveryDescendantButNotTheNodeItself(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String base = compat.uniquePath();
    create(zk, base, null);
    assertEquals(0, zk.getAllChildrenNumber(base));
    create(zk, base + "/a", null);
    create(zk, base + "/a/b", null);
    create(zk, base + "/a/b/c", null);
    create(zk, base + "/d", null, CreateMode.EPHEMERAL);
    create(zk, base + "x", null); // shares the prefix, not a descendant

    assertEquals(4, zk.getAllChildrenNumber(base));
    assertEquals(2, zk.getAllChildrenNumber(base + "/a"));
  }

  @CompatTest
  void getEphemeralsListsTheSessionsOwnEphemeralsByPathPrefix(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    ZooKeeper other = compat.connect(target);
    String base = compat.uniquePath();
    create(zk, base, null);
    create(zk, base + "/e1", null, CreateMode.EPHEMERAL);
    create(zk, base + "/p", null, CreateMode.PERSISTENT);
    create(zk, base + "/p/e2", null, CreateMode.EPHEMERAL);
    create(zk, base + "-sibling", null, CreateMode.EPHEMERAL);
    create(other, base + "/theirs", null, CreateMode.EPHEMERAL);

    assertEquals(List.of(base + "-sibling", base + "/e1", base + "/p/e2"), sorted(zk.getEphemerals()));
    assertEquals(List.of(base + "-sibling", base + "/e1", base + "/p/e2"), sorted(zk.getEphemerals(base)),
        "the filter is a plain string prefix, not a subtree");
    assertEquals(List.of(base + "/p/e2"), zk.getEphemerals(base + "/p"));
    assertEquals(List.of(base + "/theirs"), other.getEphemerals());
    assertEquals(List.of(), zk.getEphemerals(base + "/nothing-here"));
  }

  private static List<String> sorted(List<String> paths) {
    return paths.stream().sorted().toList();
  }
}
