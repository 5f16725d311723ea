package io.warden.compat;

import static io.warden.compat.harness.Znodes.assertKeeperError;
import static io.warden.compat.harness.Znodes.bytes;
import static io.warden.compat.harness.Znodes.create;
import static io.warden.compat.harness.Znodes.open;
import static io.warden.compat.harness.Znodes.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.ServerUnderTest;
import io.warden.compat.harness.Target;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.cli.CliCommand;
import org.apache.zookeeper.cli.CliException;
import org.apache.zookeeper.cli.DelQuotaCommand;
import org.apache.zookeeper.cli.ListQuotaCommand;
import org.apache.zookeeper.cli.SetQuotaCommand;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Quotas as zkCli's setquota / listquota / delquota and plain reads see them: the live
 * {@code zookeeper_stats} of each quota path, kept by the server through creates, deletes and
 * setData below it and through restarts (snapshots every few txns, so a restart loads one and
 * replays the rest), and, with enforceQuota (on for the whole suite, see
 * {@link ServerSettings#ENFORCE_QUOTA}), QuotaExceeded for writes past a hard limit.
 */
class QuotaTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults().withSnapCount(4));

  @CompatTest
  void setquotaCountsTheSubtreeAndListquotaShowsLimitsAndStats(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String p = compat.uniquePath();
    create(zk, p, "12345");
    create(zk, p + "/a", "xy");
    create(zk, p + "/a/b", null);

    assertEquals("", cli(zk, new SetQuotaCommand(), "setquota", "-n", "10", p).out);
    Cli listed = cli(zk, new ListQuotaCommand(), "listquota", p);
    assertEquals("Output quota for " + p + " count=10,bytes=-1=;byteHardLimit=-1;countHardLimit=-1\n"
        + "Output stat for " + p + " count=3,bytes=7\n", listed.out);
    assertEquals("absolute path is /zookeeper/quota" + p + "/zookeeper_limits\n", listed.err);

    cli(zk, new SetQuotaCommand(), "setquota", "-B", "100", p);
    assertEquals("count=10,bytes=-1=;byteHardLimit=100;countHardLimit=-1", limits(zk, p),
        "a second setquota merges into the limits node");
  }

  @CompatTest
  void theStatsNodeFollowsCreatesDeletesAndSetDataButKeepsItsStat(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String p = compat.uniquePath();
    create(zk, p, null);
    cli(zk, new SetQuotaCommand(), "setquota", "-n", "100", p);
    Stat created = zk.exists(statPath(p), false);
    assertEquals("count=1,bytes=0", stats(zk, p));

    create(zk, p + "/a", "hello");
    assertEquals("count=2,bytes=5", stats(zk, p));
    create(zk, p + "/a/b", "123");
    assertEquals("count=3,bytes=8", stats(zk, p));
    zk.setData(p + "/a", bytes("hi"), -1);
    assertEquals("count=3,bytes=5", stats(zk, p));
    zk.delete(p + "/a/b", -1);
    assertEquals("count=2,bytes=2", stats(zk, p));
    create(zk, p + "/e", "ab", CreateMode.EPHEMERAL);
    assertEquals("count=3,bytes=4", stats(zk, p));

    Stat after = zk.exists(statPath(p), false);
    assertEquals(created.getVersion(), after.getVersion(), "the server's updates are not setData");
    assertEquals(created.getMzxid(), after.getMzxid());
    assertEquals(created.getMtime(), after.getMtime());
    assertEquals("count=3,bytes=4".length(), after.getDataLength());
  }

  @CompatTest
  void onlyTheDeepestQuotaCountsAndZkCliRefusesNestedOnes(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String p = compat.uniquePath();
    create(zk, p, null);
    create(zk, p + "/c", null);
    cli(zk, new SetQuotaCommand(), "setquota", "-n", "100", p);
    CliException nested = assertThrows(CliException.class,
        () -> cli(zk, new SetQuotaCommand(), "setquota", "-n", "5", p + "/c"));
    assertEquals(p + "/c has a parent " + p + " which has a quota", nested.getMessage());

    // Written by hand, as zkCli would not: the server keeps nested quotas all the same.
    zk.create("/zookeeper/quota" + p + "/c", null, open(), CreateMode.PERSISTENT);
    zk.create("/zookeeper/quota" + p + "/c/zookeeper_limits", bytes("count=5,bytes=-1"), open(), CreateMode.PERSISTENT);
    zk.create(statPath(p + "/c"), bytes("count=0,bytes=0"), open(), CreateMode.PERSISTENT);
    assertEquals("count=1,bytes=0", stats(zk, p + "/c"));
    create(zk, p + "/c/d", "abc");
    create(zk, p + "/x", "abcd");
    assertEquals("count=3,bytes=4", stats(zk, p), "/c/d counts against the deeper quota only");
    assertEquals("count=2,bytes=3", stats(zk, p + "/c"));
  }

  @CompatTest
  void delquotaWithAFlagClearsThatLimitAndWithoutOneRemovesTheQuota(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String p = compat.uniquePath();
    create(zk, p, null);
    cli(zk, new SetQuotaCommand(), "setquota", "-n", "10", p);
    cli(zk, new SetQuotaCommand(), "setquota", "-B", "50", p);
    cli(zk, new DelQuotaCommand(), "delquota", "-n", p);
    assertEquals("count=-1,bytes=-1=;byteHardLimit=50;countHardLimit=-1", limits(zk, p));

    cli(zk, new DelQuotaCommand(), "delquota", p);
    assertNull(zk.exists("/zookeeper/quota" + p, false), "delquota trims the quota directories");
    Cli listed = cli(zk, new ListQuotaCommand(), "listquota", p);
    assertEquals("", listed.out);
    assertEquals("absolute path is /zookeeper/quota" + p + "/zookeeper_limits\nquota for " + p
        + " does not exist.\n", listed.err);
    create(zk, p + "/a", "after");
    cli(zk, new SetQuotaCommand(), "setquota", "-n", "10", p);
    assertEquals("count=2,bytes=5", stats(zk, p), "a new quota counts afresh");
  }

  @CompatTest
  void aCreatePastAHardCountLimitIsQuotaExceededAndChangesNothing(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String p = compat.uniquePath();
    create(zk, p, null);
    cli(zk, new SetQuotaCommand(), "setquota", "-N", "3", p);
    create(zk, p + "/a", null);
    create(zk, p + "/b", null);
    assertKeeperError(Code.QUOTAEXCEEDED, () -> zk.create(p + "/c", null, open(), CreateMode.PERSISTENT));
    assertNull(zk.exists(p + "/c", false));
    assertEquals("count=3,bytes=0", stats(zk, p));
    zk.delete(p + "/b", -1);
    create(zk, p + "/c", null);
    assertEquals("count=3,bytes=0", stats(zk, p));
  }

  @CompatTest
  void bytesPastAHardByteLimitAreQuotaExceededForCreateAndSetData(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String p = compat.uniquePath();
    create(zk, p, "12");
    cli(zk, new SetQuotaCommand(), "setquota", "-B", "5", p);
    assertKeeperError(Code.QUOTAEXCEEDED, () -> zk.create(p + "/a", bytes("1234"), open(), CreateMode.PERSISTENT));
    create(zk, p + "/a", "123");
    assertKeeperError(Code.QUOTAEXCEEDED, () -> zk.setData(p + "/a", bytes("1234"), -1));
    // the quota is checked before the version
    assertKeeperError(Code.QUOTAEXCEEDED, () -> zk.setData(p + "/a", bytes("1234"), 99));
    assertEquals("123", text(zk.getData(p + "/a", false, null)));
    zk.setData(p + "/a", bytes("1"), -1);
    create(zk, p + "/empty", null);
    assertEquals("count=3,bytes=3", stats(zk, p));
  }

  @CompatTest
  void aMultiWithAnOpPastAHardLimitFailsWholeAndChangesNothing(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String p = compat.uniquePath();
    create(zk, p, null);
    cli(zk, new SetQuotaCommand(), "setquota", "-B", "3", p);
    KeeperException refused = assertKeeperError(Code.QUOTAEXCEEDED, () -> zk.multi(List.of(
        Op.create(p + "-other", null, open(), CreateMode.PERSISTENT),
        Op.create(p + "/big", bytes("1234"), open(), CreateMode.PERSISTENT),
        Op.create(p + "/small", null, open(), CreateMode.PERSISTENT))));
    assertEquals(List.of(Code.OK.intValue(), Code.QUOTAEXCEEDED.intValue(), Code.RUNTIMEINCONSISTENCY.intValue()),
        refused.getResults().stream().map(r -> ((OpResult.ErrorResult) r).getErr()).toList());
    assertNull(zk.exists(p + "-other", false));
    assertNull(zk.exists(p + "/small", false));
    assertEquals("count=1,bytes=0", stats(zk, p));
  }

  /**
   * The one place Warden is stricter: ZooKeeper checks each op against the committed stats, so
   * the creates of one multi are each allowed alone and together pass the limit.
   */
  @CompatTest
  void createsOfOneMultiThatTogetherPassAHardLimit(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String p = compat.uniquePath();
    create(zk, p, null);
    cli(zk, new SetQuotaCommand(), "setquota", "-N", "2", p);
    List<Op> twoCreates = List.of(Op.create(p + "/a", null, open(), CreateMode.PERSISTENT),
        Op.create(p + "/b", null, open(), CreateMode.PERSISTENT));
    if (target == Target.ZOOKEEPER) {
      zk.multi(twoCreates);
      assertEquals("count=3,bytes=0", stats(zk, p), "ZooKeeper passes its own hard limit");
    } else {
      assertKeeperError(Code.QUOTAEXCEEDED, () -> zk.multi(twoCreates));
      assertEquals("count=1,bytes=0", stats(zk, p));
    }
  }

  @CompatTest
  void softLimitsLetWritesThrough(Target target) throws Exception {
    ZooKeeper zk = compat.connect(target);
    String p = compat.uniquePath();
    create(zk, p, null);
    cli(zk, new SetQuotaCommand(), "setquota", "-n", "1", p);
    cli(zk, new SetQuotaCommand(), "setquota", "-b", "1", p);
    create(zk, p + "/a", "abc");
    zk.setData(p + "/a", bytes("abcdef"), -1);
    assertEquals("count=2,bytes=6", stats(zk, p));
  }

  @CompatTest
  void statsAreRightAfterRestartsThroughSnapshotsAndLogReplay(Target target) throws Exception {
    ServerUnderTest server = compat.freshServer(target);
    String p = "/restarted";
    ZooKeeper before = compat.connect(server);
    create(before, p, null);
    cli(before, new SetQuotaCommand(), "setquota", "-N", "20", p);
    for (int i = 0; i < 10; i++) {
      create(before, p + "/n" + i, "x".repeat(i));
    }
    before.delete(p + "/n9", -1);
    before.setData(p + "/n8", bytes("y"), -1);
    assertEquals("count=10,bytes=29", stats(before, p));
    before.close();
    awaitSnapshot(server);

    server.restart();
    ZooKeeper restarted = compat.connect(server);
    assertEquals("count=10,bytes=29", stats(restarted, p));
    create(restarted, p + "/after", "abc");
    assertEquals("count=11,bytes=32", stats(restarted, p), "still counting after the restart");
    for (int i = 0; i < 9; i++) {
      create(restarted, p + "/m" + i, null);
    }
    assertKeeperError(Code.QUOTAEXCEEDED, () -> restarted.create(p + "/over", null, open(), CreateMode.PERSISTENT));
    restarted.close();
    awaitSnapshot(server);

    server.restart();
    ZooKeeper again = compat.connect(server);
    assertEquals("count=20,bytes=32", stats(again, p));
    // still enforced after loading a snapshot
    assertKeeperError(Code.QUOTAEXCEEDED, () -> again.create(p + "/over", null, open(), CreateMode.PERSISTENT));
  }

  /** snapCount is 4: the server has a snapshot to load soon after a dozen writes. */
  private static void awaitSnapshot(ServerUnderTest server) {
    await().atMost(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS).until(() -> !server.snapshotFiles().isEmpty());
  }

  private record Cli(String out, String err) {}

  /** Runs one zkCli command as ZooKeeperMain would, capturing what it prints. */
  private static Cli cli(ZooKeeper zk, CliCommand command, String... args) throws CliException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    command.setZk(zk);
    command.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    command.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    command.parse(args).exec();
    return new Cli(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String statPath(String path) {
    return "/zookeeper/quota" + path + "/zookeeper_stats";
  }

  private static String stats(ZooKeeper zk, String path) throws Exception {
    return text(zk.getData(statPath(path), false, null));
  }

  private static String limits(ZooKeeper zk, String path) throws Exception {
    return text(zk.getData("/zookeeper/quota" + path + "/zookeeper_limits", false, null));
  }
}
