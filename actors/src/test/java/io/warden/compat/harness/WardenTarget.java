package io.warden.compat.harness;

import java.nio.file.Path;
import java.util.Objects;

/**
 * PLACEHOLDER until {@code io.warden.actors.server} exists: the Warden server as a compatibility
 * target. Selecting it ({@code -Dwarden.compat.targets=zookeeper,warden}) makes every test fail
 * at start with the message below, so nobody mistakes a skipped target for a passing one.
 *
 * <p>To wire it: build Warden's typed server config from {@link ServerSettings} (tickTime,
 * session timeout clamps, 4lw whitelist, super digest, maxClientCnxns, jute.maxbuffer,
 * container check interval, extended types), start a standalone node on 127.0.0.1 with client
 * port 0 the first time and {@link #port()} afterwards, with {@code dataDir} as its data
 * directory, and block until the port accepts connections. {@link #stop()} must release the
 * port and keep the data so that {@link #restart()} recovers sessions and znodes.
 */
final class WardenTarget implements ServerUnderTest {
  private final ServerSettings settings;
  private final Path dataDir;

  WardenTarget(ServerSettings settings, Path dataDir) {
    this.settings = Objects.requireNonNull(settings);
    this.dataDir = Objects.requireNonNull(dataDir);
  }

  @Override
  public Target target() {
    return Target.WARDEN;
  }

  @Override
  public ServerSettings settings() {
    return settings;
  }

  @Override
  public void start() {
    throw new UnsupportedOperationException("the Warden server (io.warden.actors.server) is not "
        + "wired into the compatibility suite yet; see WardenTarget (data dir " + dataDir + ")");
  }

  @Override
  public void stop() {}

  @Override
  public boolean isRunning() {
    return false;
  }

  @Override
  public int port() {
    throw new IllegalStateException("never started");
  }

  @Override
  public void close() {}
}
