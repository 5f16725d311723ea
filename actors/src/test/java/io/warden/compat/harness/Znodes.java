package io.warden.compat.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.function.Executable;

/** Small vocabulary shared by the compatibility tests. */
public final class Znodes {
  private Znodes() {}

  /**
   * World-readable-and-writable. A mutable list on purpose: the stock client checks
   * {@code acl.contains(null)}, which immutable lists answer with a NullPointerException.
   */
  public static List<ACL> open() {
    return new ArrayList<>(ZooDefs.Ids.OPEN_ACL_UNSAFE);
  }

  public static List<ACL> acl(ACL... entries) {
    return new ArrayList<>(Arrays.asList(entries));
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** Creates a persistent, world-open node and returns the Stat the server answered with. */
  public static Stat create(ZooKeeper zk, String path, String data) throws Exception {
    Stat stat = new Stat();
    zk.create(path, data == null ? null : bytes(data), open(), CreateMode.PERSISTENT, stat);
    return stat;
  }

  public static String create(ZooKeeper zk, String path, String data, CreateMode mode) throws Exception {
    return zk.create(path, data == null ? null : bytes(data), open(), mode);
  }

  /** Runs {@code call}, which must fail with a KeeperException of exactly {@code code}. */
  public static KeeperException assertKeeperError(KeeperException.Code code, Executable call) {
    KeeperException e = assertThrows(KeeperException.class, call);
    assertEquals(code, e.code(), () -> "error code of " + e);
    return e;
  }

  /** Stat as a readable list for messages: czxid, mzxid, pzxid, versions, owner, sizes. */
  public static String describe(Stat s) {
    return "czxid=" + s.getCzxid() + " mzxid=" + s.getMzxid() + " pzxid=" + s.getPzxid()
        + " ctime=" + s.getCtime() + " mtime=" + s.getMtime() + " version=" + s.getVersion()
        + " cversion=" + s.getCversion() + " aversion=" + s.getAversion()
        + " ephemeralOwner=0x" + Long.toHexString(s.getEphemeralOwner())
        + " dataLength=" + s.getDataLength() + " numChildren=" + s.getNumChildren();
  }
}
