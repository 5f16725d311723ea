package io.warden.compat;

import static io.warden.compat.harness.Znodes.assertKeeperError;
import static io.warden.compat.harness.Znodes.create;
import static io.warden.compat.harness.Znodes.open;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server without extended types (TTL nodes) switched on. Its own class because the reference
 * reads the switch from a JVM-wide property, so it cannot run beside a server that has it on.
 */
class ExtendedTypesDisabledTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults().withExtendedTypesEnabled(false));

  @CompatTest
  void ttlNodesAreRefusedAsUnimplemented(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String path = compat.uniquePath();

    assertKeeperError(Code.UNIMPLEMENTED,
        () -> zk.create(path, null, open(), CreateMode.PERSISTENT_WITH_TTL, new Stat(), 1000));
    assertKeeperError(Code.UNIMPLEMENTED,
        () -> zk.create(path, null, open(), CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, new Stat(), 1000));
    create(zk, path, null, CreateMode.CONTAINER);
    assertNotNull(zk.exists(path, false), "containers need no extended types");
  }
}
