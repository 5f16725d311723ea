package io.warden.compat;

import static io.warden.compat.harness.Znodes.bytes;
import static io.warden.compat.harness.Znodes.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.FourLetterWords;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.ServerUnderTest;
import io.warden.compat.harness.Target;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Four-letter words sent on a raw socket. Formats (line keys, order, shapes) are asserted
 * exactly; numbers only where they follow from what the test did on a fresh server. The full
 * reference output of each word is recorded in docs/compat/zookeeper-behaviour.md.
 */
class FourLetterWordTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  private static final String NUMBER = "-?\\d+";
  private static final String DECIMAL = "-?\\d+(\\.\\d+)?";

  @CompatTest
  void ruokAnswersImokWithoutNewline(Target target) throws Exception {
    assertEquals("imok", FourLetterWords.send(compat.server(target).port(), "ruok"));
  }

  @CompatTest
  void isroAnswersRwOnAWritableServer(Target target) throws Exception {
    assertEquals("rw", FourLetterWords.send(compat.server(target).port(), "isro"));
  }

  @CompatTest
  void srvrListsTheServerSummaryInReferenceOrder(Target target) throws Exception {
    ServerUnderTest server = compat.freshServer(target);
    ZooKeeper zk = compat.connectToPort(server);
    Stat last = create(zk, "/srvr", "x");

    String[] lines = lines(FourLetterWords.send(server.port(), "srvr"));

    assertShapes(lines,
        "Zookeeper version: .+",
        "Latency min/avg/max: " + NUMBER + "/" + DECIMAL + "/" + NUMBER,
        "Received: " + NUMBER,
        "Sent: " + NUMBER,
        "Connections: " + NUMBER,
        "Outstanding: 0",
        "Zxid: 0x[0-9a-f]+",
        "Mode: " + mode(target),
        "Node count: " + NUMBER);
    assertEquals("Zxid: 0x" + Long.toHexString(last.getMzxid()), lines[6], "the last applied zxid");
    // Four znodes on a fresh server plus ours; the reference counts one more than that.
    assertEquals("Node count: 6", lines[8]);
  }

  @CompatTest
  void statIsSrvrWithAClientListAfterTheVersion(Target target) throws Exception {
    ServerUnderTest server = compat.freshServer(target);
    compat.connectToPort(server);

    String[] lines = lines(FourLetterWords.send(server.port(), "stat"));

    assertShapes(Arrays.copyOfRange(lines, 0, 2), "Zookeeper version: .+", "Clients:");
    int blank = List.of(lines).indexOf("");
    assertTrue(blank >= 4, "one line per connection, ours and the asking one, then a blank line");
    for (int i = 2; i < blank; i++) {
      assertTrue(Pattern.matches(" /127\\.0\\.0\\.1:\\d+\\[\\d+\\]\\(queued=\\d+,recved=\\d+,sent=\\d+\\)", lines[i]),
          "client line: '" + lines[i] + "'");
    }
    assertShapes(Arrays.copyOfRange(lines, blank + 1, lines.length),
        "Latency min/avg/max: .+", "Received: .+", "Sent: .+", "Connections: .+", "Outstanding: .+",
        "Zxid: .+", "Mode: " + mode(target), "Node count: .+");
  }

  @CompatTest
  void mntrListsTabSeparatedMetricsWithConsistentCounts(Target target) throws Exception {
    ServerUnderTest server = compat.freshServer(target);
    ZooKeeper zk = compat.connectToPort(server);
    create(zk, "/eph", null, CreateMode.EPHEMERAL);
    create(zk, "/w", null);
    zk.getData("/w", event -> {}, null);
    zk.getChildren("/w", event -> {});
    zk.exists("/missing", event -> {});
    String response = FourLetterWords.send(server.port(), "mntr");
    Map<String, String> mntr = FourLetterWords.parseMntr(response);

    assertTrue(response.startsWith("zk_version\t"), "zk_version comes first");
    assertTrue(response.endsWith("\n"));
    for (String key : List.of("zk_version", "zk_server_state", "zk_avg_latency", "zk_max_latency",
        "zk_min_latency", "zk_packets_received", "zk_packets_sent", "zk_num_alive_connections",
        "zk_outstanding_requests", "zk_znode_count", "zk_watch_count", "zk_ephemerals_count",
        "zk_approximate_data_size", "zk_open_file_descriptor_count", "zk_max_file_descriptor_count",
        "zk_uptime", "zk_global_sessions")) {
      assertTrue(mntr.containsKey(key), "mntr has " + key);
    }
    mntr.forEach((key, value) -> assertTrue(key.startsWith("zk_"), key));
    assertEquals(mode(target), mntr.get("zk_server_state"));
    assertEquals("1", mntr.get("zk_ephemerals_count"));
    assertEquals("3", mntr.get("zk_watch_count"), "data, child and exists watches all count");
    assertEquals("1", mntr.get("zk_global_sessions"));
    assertEquals(lines(FourLetterWords.send(server.port(), "srvr"))[8].substring("Node count: ".length()),
        mntr.get("zk_znode_count"), "mntr and srvr agree on the node count");
    assertTrue(Pattern.matches(DECIMAL, mntr.get("zk_avg_latency")), mntr.get("zk_avg_latency"));
  }

  @CompatTest
  void approximateDataSizeGrowsByPathAndDataLength(Target target) throws Exception {
    ServerUnderTest server = compat.freshServer(target);
    ZooKeeper zk = compat.connectToPort(server);
    long before = Long.parseLong(FourLetterWords.parseMntr(FourLetterWords.send(server.port(), "mntr"))
        .get("zk_approximate_data_size"));

    create(zk, "/size", "12345");
    zk.setData("/size", bytes("1234567"), -1);

    long after = Long.parseLong(FourLetterWords.parseMntr(FourLetterWords.send(server.port(), "mntr"))
        .get("zk_approximate_data_size"));
    assertEquals("/size".length() + 7, after - before);
  }

  @CompatTest
  void confListsTheEffectiveSettingsAsKeyEqualsValue(Target target) throws Exception {
    ServerUnderTest server = compat.server(target);
    ServerSettings settings = compat.settings();

    String[] lines = lines(FourLetterWords.send(server.port(), "conf"));

    List<String> keys = new java.util.ArrayList<>(List.of("clientPort", "secureClientPort", "dataDir", "dataDirSize",
        "dataLogDir", "dataLogSize", "tickTime", "maxClientCnxns", "minSessionTimeout", "maxSessionTimeout",
        "clientPortListenBacklog", "serverId"));
    if (target.isEnsemble()) {
      // a quorum server adds these, then its membership (QuorumZooKeeperServer.dumpConf)
      keys.addAll(List.of("initLimit", "syncLimit", "electionAlg", "electionPort", "quorumPort", "peerType",
          "membership: ", "server.1", "server.2", "server.3", "version"));
    }
    assertEquals(keys, Arrays.stream(lines).map(l -> l.split("=", 2)[0]).toList());
    List<String> all = List.of(lines);
    assertTrue(all.contains("clientPort=" + server.port()));
    assertTrue(all.contains("secureClientPort=-1"));
    assertTrue(all.contains("tickTime=" + settings.tickTimeMs()));
    assertTrue(all.contains("maxClientCnxns=" + settings.maxClientCnxns()));
    assertTrue(all.contains("minSessionTimeout=" + settings.minSessionTimeoutMs()));
    assertTrue(all.contains("maxSessionTimeout=" + settings.maxSessionTimeoutMs()));
    if (target.isEnsemble()) {
      assertTrue(all.contains("electionAlg=3"));
      assertTrue(all.contains("peerType=0"));
    } else {
      assertTrue(all.contains("serverId=0"));
    }
  }

  @CompatTest
  void consListsEveryConnectionWithItsSessionDetails(Target target) throws Exception {
    ServerUnderTest server = compat.server(target);
    ZooKeeper zk = compat.connectToPort(server);

    String response = FourLetterWords.send(server.port(), "cons");

    assertTrue(response.endsWith("\n\n"), "a blank line ends the list");
    String sid = "sid=0x" + Long.toHexString(zk.getSessionId());
    List<String> lines = List.of(lines(response));
    String ours = lines.stream().filter(l -> l.contains(sid + ",")).findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + sid + " in " + response));
    assertTrue(Pattern.matches(" /127\\.0\\.0\\.1:\\d+\\[\\d+\\]\\(queued=\\d+,recved=\\d+,sent=\\d+,"
        + "sid=0x[0-9a-f]+,lop=[A-Z]+,est=\\d+,to=\\d+,lcxid=0x[0-9a-f]+,lzxid=0x[0-9a-f]+,"
        + "lresp=\\d+,llat=\\d+,minlat=\\d+,avglat=\\d+,maxlat=\\d+\\)", ours), ours);
    assertTrue(ours.contains(",to=" + zk.getSessionTimeout() + ","), "negotiated timeout");
    assertTrue(lines.stream().anyMatch(l -> Pattern.matches(
        " /127\\.0\\.0\\.1:\\d+\\[0\\]\\(queued=0,recved=1,sent=0\\)", l)), "the asking connection: " + lines);
  }

  @CompatTest
  void enviListsTheEnvironment(Target target) throws Exception {
    String[] lines = lines(FourLetterWords.send(compat.server(target).port(), "envi"));

    assertEquals("Environment:", lines[0]);
    List<String> keys = Arrays.stream(lines).skip(1).map(l -> l.split("=", 2)[0]).toList();
    assertEquals(List.of("zookeeper.version", "host.name", "java.version", "java.vendor", "java.home",
        "java.class.path", "java.library.path", "java.io.tmpdir", "java.compiler", "os.name", "os.arch",
        "os.version", "user.name", "user.home", "user.dir", "os.memory.free", "os.memory.max",
        "os.memory.total"), keys);
  }

  @CompatTest
  void wchsSummarisesDataWatchesOnly(Target target) throws Exception {
    ServerUnderTest server = compat.freshServer(target);
    ZooKeeper zk = compat.connectToPort(server);
    create(zk, "/a", null);
    zk.getData("/a", event -> {}, null);
    zk.getChildren("/a", event -> {});
    zk.exists("/missing", event -> {});

    // Two paths carry data watches (getData and exists); the child watch is not counted.
    assertEquals("1 connections watching 2 paths\nTotal watches:2\n",
        FourLetterWords.send(server.port(), "wchs"));
  }

  @CompatTest
  void dumpListsSessionsAndTheirEphemerals(Target target) throws Exception {
    ServerUnderTest server = compat.freshServer(target);
    ZooKeeper zk = compat.connectToPort(server);
    create(zk, "/eph", null, CreateMode.EPHEMERAL);
    String sid = "0x" + Long.toHexString(zk.getSessionId());

    String dump = FourLetterWords.send(server.port(), "dump");

    assertTrue(dump.startsWith("SessionTracker dump:\nSession Sets ("), dump);
    assertTrue(dump.contains("\t" + sid + "\n"), "the session is listed: " + dump);
    assertTrue(dump.contains("ephemeral nodes dump:\nSessions with Ephemerals (1):\n" + sid + ":\n\t/eph\n"),
        dump);
    assertTrue(dump.contains("Connections dump:\n"), dump);
    assertTrue(Pattern.compile("^\\d+ expire at .+:$", Pattern.MULTILINE).matcher(dump).find(), dump);
  }

  @CompatTest
  void wordsOutsideTheWhitelistAreRefusedByName(Target target) throws Exception {
    int port = compat.server(target).port();
    for (String word : List.of("wchc", "wchp", "crst", "srst", "dirs")) {
      assertEquals(word + " is not executed because it is not in the whitelist.\n",
          FourLetterWords.send(port, word));
    }
  }

  @CompatTest
  void fourBytesThatAreNoWordAreTakenAsAFrameLengthAndTheConnectionClosed(Target target) throws Exception {
    assertEquals("", FourLetterWords.send(compat.server(target).port(), "xyzw"));
    assertEquals("imok", FourLetterWords.send(compat.server(target).port(), "ruok"), "server unaffected");
  }

  /**
   * srvr's and mntr's mode of the server port() names: on an ensemble that is a follower, as a
   * ZooKeeper ensemble's follower reports it.
   */
  private static String mode(Target target) {
    return target.isEnsemble() ? "follower" : "standalone";
  }

  private static String[] lines(String response) {
    assertTrue(response.endsWith("\n"), () -> "response ends with a newline: '" + response + "'");
    return response.substring(0, response.length() - 1).split("\n", -1);
  }

  private static void assertShapes(String[] lines, String... patterns) {
    assertEquals(patterns.length, lines.length, () -> "line count of " + String.join("|", lines));
    for (int i = 0; i < patterns.length; i++) {
      assertTrue(Pattern.matches(patterns[i], lines[i]), "line " + i + " '" + lines[i] + "' ~ " + patterns[i]);
    }
  }
}
