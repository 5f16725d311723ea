package io.warden.compat.harness;

import java.nio.file.Path;

/** An implementation of the ZooKeeper protocol the suite can judge. */
public enum Target {
  /** Apache ZooKeeper, the reference: every expectation in the suite is checked against it. */
  ZOOKEEPER {
    @Override
    public ServerUnderTest create(ServerSettings settings, Path dataDir) {
      return new ZooKeeperTarget(settings, dataDir);
    }
  },
  /** The implementation being judged. */
  WARDEN {
    @Override
    public ServerUnderTest create(ServerSettings settings, Path dataDir) {
      return new WardenTarget(settings, dataDir);
    }
  };

  /** A stopped server; the caller starts it and owns {@code dataDir}. */
  public abstract ServerUnderTest create(ServerSettings settings, Path dataDir);

  public boolean isReference() {
    return this == ZOOKEEPER;
  }
}
