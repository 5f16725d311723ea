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
  },
  /**
   * Three Warden members in one ensemble ({@link EnsembleTarget}). Not in the default list (it
   * costs an election per server the suite starts): select it with
   * {@code -Dwarden.compat.targets=zookeeper,warden_ensemble}.
   */
  WARDEN_ENSEMBLE {
    @Override
    public ServerUnderTest create(ServerSettings settings, Path dataDir) {
      return new EnsembleTarget(settings, dataDir);
    }
  };

  /** A stopped server; the caller starts it and owns {@code dataDir}. */
  public abstract ServerUnderTest create(ServerSettings settings, Path dataDir);

  public boolean isReference() {
    return this == ZOOKEEPER;
  }

  /** True for the targets that run several servers, where a client's server may change. */
  public boolean isEnsemble() {
    return this == WARDEN_ENSEMBLE;
  }
}
