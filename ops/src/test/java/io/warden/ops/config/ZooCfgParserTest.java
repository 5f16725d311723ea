package io.warden.ops.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.actors.config.AdminServer;
import io.warden.actors.config.FourLetterWords;
import io.warden.actors.config.ServerConfig;
import io.warden.actors.config.Storage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Single-server keys: defaults, every key, both spellings, system properties, warnings, rejections. */
class ZooCfgParserTest {
    @TempDir
    Path tmp;
    ZooCfgFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ZooCfgFixture(tmp);
    }

    private ConfigException rejected(String... lines) {
        return assertThrows(ConfigException.class, () -> fx.parse(lines));
    }

    private static void assertWarned(ParsedConfig parsed, String fragment) {
        assertTrue(parsed.warnings().stream().anyMatch(w -> w.contains(fragment)),
                () -> "no warning containing \"" + fragment + "\" in " + parsed.warnings());
    }

    @Test
    void minimalConfigGetsZooKeeperDefaults() throws Exception {
        ParsedConfig parsed = fx.parse("dataDir=data");
        ServerConfig c = parsed.config();
        assertEquals(List.of(), parsed.warnings());
        assertEquals(tmp.resolve("zoo.cfg"), parsed.configFile());
        assertEquals(tmp.resolve("data"), c.dataDir(), "relative dataDir resolves against the config's directory");
        assertEquals(c.dataDir(), c.dataLogDir());
        assertEquals(0, c.myid());
        assertTrue(c.isStandalone());
        assertEquals(2000, c.tickTimeMs());
        assertEquals(10, c.timing().initLimit());
        assertEquals(5, c.timing().syncLimit());
        assertEquals(2181, c.clientPort());
        assertEquals(Optional.empty(), c.client().clientPortAddress());
        assertEquals(60, c.client().maxClientCnxns());
        assertEquals(4000, c.client().minSessionTimeoutMs());
        assertEquals(40000, c.client().maxSessionTimeoutMs());
        assertEquals(1000, c.client().globalOutstandingLimit());
        assertEquals(1_048_575, c.client().juteMaxBufferBytes());
        assertEquals(100_000, c.storage().snapCount());
        assertEquals(3, c.storage().snapRetainCount());
        assertEquals(0, c.storage().purgeIntervalHours());
        assertTrue(c.storage().forceSync());
        assertEquals(Set.of("srvr"), c.fourLetterWords().enabled());
        assertEquals(AdminServer.disabled(), c.admin());
        assertTrue(c.extendedTypesEnabled());
        assertFalse(c.enforceQuota(), "ZooKeeper counts quotas but enforces none by default");
        assertFalse(c.security().skipAcl());
        assertEquals(Optional.empty(), c.security().superDigest());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        ServerConfig c = fx.parse(
                "# a comment", "! another comment",
                "tickTime = 500", "initLimit=7", "syncLimit=3", "connectToLearnerMasterLimit=4",
                "dataDir=" + tmp.resolve("abs-data"), "dataLogDir=../txnlog",
                "clientPort=2191", "clientPortAddress=127.0.0.1", "clientPortListenBacklog=128",
                "maxClientCnxns=0", "maxCnxns=500", "minSessionTimeout=1500", "maxSessionTimeout=9000",
                "globalOutstandingLimit=77", "jute.maxbuffer=4194304", "snapCount=5000", "snapSizeLimitInKb=-1",
                "forceSync=no", "autopurge.snapRetainCount=5", "autopurge.purgeInterval=24",
                "4lw.commands.whitelist=ruok, srvr ,stat,mntr,conf,isro",
                "admin.enableServer=false", "admin.serverAddress=127.0.0.1", "admin.serverPort=9090",
                "admin.idleTimeout=1000", "admin.commandURL=/cmd",
                "extendedTypesEnabled=false", "enforceQuota=true", "electionAlg=3", "standaloneEnabled=true", "reconfigEnabled=true",
                "quorumListenOnAllIPs=true", "leaderServes=no", "syncEnabled=false", "cnxTimeout=2500",
                "localSessionsEnabled=true", "localSessionsUpgradingEnabled=true", "skipACL=yes",
                "DigestAuthenticationProvider.superDigest=super:D/InIHSb7yEEbrWz8b9l71RjZJU=",
                "sslQuorum=false", "portUnification=false", "quorum.auth.enableSasl=false").config();
        assertEquals(500, c.tickTimeMs());
        assertEquals(7, c.timing().initLimit());
        assertEquals(3, c.timing().syncLimit());
        assertEquals(4, c.timing().connectToLearnerMasterLimit());
        assertEquals(tmp.resolve("abs-data"), c.dataDir());
        assertEquals(tmp.getParent().resolve("txnlog"), c.dataLogDir());
        assertEquals(2191, c.clientPort());
        assertEquals(Optional.of("127.0.0.1"), c.client().clientPortAddress());
        assertEquals(128, c.client().listenBacklog());
        assertEquals(0, c.client().maxClientCnxns());
        assertEquals(500, c.client().maxCnxns());
        assertEquals(1500, c.client().minSessionTimeoutMs());
        assertEquals(9000, c.client().maxSessionTimeoutMs());
        assertEquals(77, c.client().globalOutstandingLimit());
        assertEquals(4_194_304, c.client().juteMaxBufferBytes());
        assertEquals(5000, c.storage().snapCount());
        assertEquals(-1, c.storage().snapSizeLimitKb());
        assertFalse(c.storage().forceSync());
        assertEquals(5, c.storage().snapRetainCount());
        assertEquals(24, c.storage().purgeIntervalHours());
        assertEquals(FourLetterWords.of("ruok", "srvr", "stat", "mntr", "conf", "isro"), c.fourLetterWords());
        assertEquals(new AdminServer(false, "127.0.0.1", 9090, 1000, "/cmd"), c.admin());
        assertFalse(c.extendedTypesEnabled());
        assertTrue(c.enforceQuota());
        assertTrue(c.ensemble().standaloneEnabled());
        assertTrue(c.ensemble().reconfigEnabled());
        assertTrue(c.ensemble().quorumListenOnAllIPs());
        assertFalse(c.ensemble().leaderServes());
        assertFalse(c.ensemble().observerSyncEnabled());
        assertEquals(2500, c.ensemble().cnxTimeoutMs());
        assertTrue(c.client().localSessionsEnabled());
        assertTrue(c.client().localSessionsUpgradingEnabled());
        assertTrue(c.security().skipAcl());
        assertEquals(Optional.of("super"), c.security().superUser());
    }

    @Test
    void zookeeperPrefixedSpellingsAreAccepted() throws Exception {
        ServerConfig c = fx.parse("dataDir=data", "zookeeper.forceSync=no", "zookeeper.extendedTypesEnabled=false",
                "zookeeper.jute.maxbuffer=0x1000", "zookeeper.4lw.commands.whitelist=*", "zookeeper.skipACL=true",
                "zookeeper.DigestAuthenticationProvider.superDigest=admin:abc=", "zookeeper.snapCount=10",
                "zookeeper.admin.serverPort=8181", "zookeeper.globalOutstandingLimit=5",
                "zookeeper.observer.syncEnabled=false", "zookeeper.maxCnxns=9", "zookeeper.enforceQuota=true").config();
        assertFalse(c.storage().forceSync());
        assertFalse(c.extendedTypesEnabled());
        assertEquals(4096, c.client().juteMaxBufferBytes());
        assertEquals(FourLetterWords.all(), c.fourLetterWords());
        assertTrue(c.security().skipAcl());
        assertEquals(Optional.of("admin:abc="), c.security().superDigest());
        assertEquals(10, c.storage().snapCount());
        assertTrue(c.enforceQuota());
        assertEquals(8181, c.admin().serverPort());
        assertEquals(5, c.client().globalOutstandingLimit());
        assertFalse(c.ensemble().observerSyncEnabled());
        assertEquals(9, c.client().maxCnxns());
    }

    @Test
    void twoSpellingsMustAgree() throws Exception {
        assertFalse(fx.parse("dataDir=data", "forceSync=no", "zookeeper.forceSync=no").config().storage().forceSync());
        ConfigException e = rejected("dataDir=data", "forceSync=no", "zookeeper.forceSync=yes");
        assertEquals("zookeeper.forceSync: \"yes\" contradicts forceSync=no (the same setting, spelled two ways)",
                e.getMessage());
        assertEquals(Optional.of("zookeeper.forceSync"), e.key());
    }

    @Test
    void systemPropertiesFillWhatTheFileLeavesOut() throws Exception {
        Map<String, String> props = Map.of("zookeeper.snapCount", "777", "jute.maxbuffer", "2048",
                "zookeeper.4lw.commands.whitelist", "ruok", "zookeeper.forceSync", "no", "java.version", "17");
        ServerConfig c = fx.parse(props, "dataDir=data", "snapCount=999").config();
        assertEquals(999, c.storage().snapCount(), "the file wins over the system property");
        assertEquals(2048, c.client().juteMaxBufferBytes());
        assertEquals(FourLetterWords.of("ruok"), c.fourLetterWords());
        assertFalse(c.storage().forceSync());
        ConfigException e = assertThrows(ConfigException.class,
                () -> fx.parse(Map.of("zookeeper.maxCnxns", "lots"), "dataDir=data"));
        assertEquals("-Dzookeeper.maxCnxns: \"lots\" is not a whole number of 0 or more", e.getMessage());
    }

    @Test
    void containerSweepSettingsComeFromTheFileAndTheSystemPropertyZooKeeperReadsWins() throws Exception {
        ServerConfig defaults = fx.parse("dataDir=data").config();
        assertEquals(60_000, defaults.timing().containerCheckIntervalMs());
        assertEquals(10_000, defaults.timing().containerMaxPerMinute());
        ServerConfig fromFile = fx.parse("dataDir=data", "znode.container.checkIntervalMs=500",
                "zookeeper.znode.container.maxPerMinute=120").config();
        assertEquals(500, fromFile.timing().containerCheckIntervalMs());
        assertEquals(120, fromFile.timing().containerMaxPerMinute());
        // ZooKeeper reads only -Dznode.container.* (its zoo.cfg line becomes an unread
        // zookeeper.znode.container.* property): the -D that works there wins here.
        ServerConfig both = fx.parse(Map.of("znode.container.maxPerMinute", "30"), "dataDir=data",
                "znode.container.maxPerMinute=120").config();
        assertEquals(30, both.timing().containerMaxPerMinute());
        ConfigException e = assertThrows(ConfigException.class,
                () -> fx.parse(Map.of("znode.container.maxPerMinute", "0"), "dataDir=data"));
        assertTrue(e.getMessage().startsWith("-Dznode.container.maxPerMinute"), e.getMessage());
    }

    @Test
    void diffSyncSettingsAreZooKeepersCommitLogCountAndSnapshotSizeFactor() throws Exception {
        Storage defaults = fx.parse("dataDir=data").config().storage();
        assertEquals(500, defaults.commitLogCount());
        assertEquals(0.33, defaults.snapshotSizeFactor());
        Storage fromFile = fx.parse("dataDir=data", "commitLogCount=2000", "snapshotSizeFactor=0.5").config().storage();
        assertEquals(2000, fromFile.commitLogCount());
        assertEquals(0.5, fromFile.snapshotSizeFactor());
        // ZooKeeper reads both as -Dzookeeper.* properties; a zoo.cfg line becomes that property
        Storage fromProperties = fx.parse(Map.of("zookeeper.commitLogCount", "800", "zookeeper.snapshotSizeFactor",
                "-1"), "dataDir=data").config().storage();
        assertEquals(800, fromProperties.commitLogCount());
        assertEquals(-1, fromProperties.snapshotSizeFactor(), "negative: DIFF never reads the log, as in ZooKeeper");
        // as ZooKeeper: a count below 500 is raised to 500, a factor above 1 falls back to 0.33, loudly
        ParsedConfig clamped = fx.parse("dataDir=data", "commitLogCount=10", "snapshotSizeFactor=3");
        assertEquals(500, clamped.config().storage().commitLogCount());
        assertEquals(0.33, clamped.config().storage().snapshotSizeFactor());
        assertWarned(clamped, "commitLogCount=10 is below the recommended 500");
        assertWarned(clamped, "snapshotSizeFactor=3 is above 1.0; using 0.33");
        ConfigException e = assertThrows(ConfigException.class,
                () -> fx.parse("dataDir=data", "snapshotSizeFactor=a third"));
        assertTrue(e.getMessage().contains("snapshotSizeFactor"), e.getMessage());
    }

    @Test
    void theLogBreakOverrideIsZooKeepersSnapshotTrustEmptyFromTheFileOrTheSystemProperty() throws Exception {
        assertFalse(fx.parse("dataDir=data").config().storage().trustLogBreak());
        assertTrue(fx.parse("dataDir=data", "snapshot.trust.empty=true").config().storage().trustLogBreak());
        assertTrue(fx.parse(Map.of("zookeeper.snapshot.trust.empty", "true"), "dataDir=data").config().storage()
                .trustLogBreak());
        // as in ZooKeeper, whose zoo.cfg line overwrites the system property: the file wins
        assertFalse(fx.parse(Map.of("zookeeper.snapshot.trust.empty", "true"), "dataDir=data",
                "snapshot.trust.empty=false").config().storage().trustLogBreak());
        assertTrue(fx.parse("dataDir=data", "snapshot.trust.empty=true").warnings().isEmpty(),
                "a key Warden reads is not warned about as unused");
    }

    @Test
    void unknownKeysAreWarnedAboutWithASuggestion() throws Exception {
        ParsedConfig parsed = fx.parse("dataDir=data", "tickTme=100", "frobnicate=1", "preAllocSize=65536",
                "zookeeper.txnLogSizeLimitInKb=10", "ssl.keyStore.location=/x", "metricsProvider.className=x.Y");
        assertWarned(parsed, "unknown key tickTme; ignored (did you mean tickTime?)");
        assertTrue(parsed.warnings().contains("unknown key frobnicate; ignored"), parsed.warnings()::toString);
        assertWarned(parsed, "preAllocSize is a ZooKeeper setting that Warden does not use; ignored");
        assertWarned(parsed, "zookeeper.txnLogSizeLimitInKb is a ZooKeeper setting");
        assertWarned(parsed, "ssl.keyStore.location is a ZooKeeper setting");
        assertWarned(parsed, "metricsProvider.className is a ZooKeeper setting");
        assertEquals(6, parsed.warnings().size(), parsed.warnings()::toString);
        assertEquals(2000, parsed.config().tickTimeMs());
    }

    @Test
    void aKeySetTwiceWarnsAndTheLastCounts() throws Exception {
        ParsedConfig parsed = fx.parse("dataDir=data", "clientPort=2181", "clientPort=2182");
        assertEquals(2182, parsed.config().clientPort());
        assertWarned(parsed, "clientPort is set twice (2181, then 2182); the last one counts");
    }

    @Test
    void valuesAreTrimmed() throws Exception {
        assertEquals(2182, fx.parse("dataDir=data  ", "clientPort = 2182   ").config().clientPort());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "clientPort|abc|clientPort: \"abc\" is not a port number (1-65535)",
        "clientPort|0|clientPort: \"0\" is not a port number (1-65535)",
        "clientPort|65536|clientPort: \"65536\" is not a port number (1-65535)",
        "tickTime|0|tickTime: \"0\" is not a positive whole number",
        "tickTime|2s|tickTime: \"2s\" is not a positive whole number",
        "initLimit|-1|initLimit: \"-1\" is not a positive whole number",
        "syncLimit|x|syncLimit: \"x\" is not a positive whole number",
        "connectToLearnerMasterLimit|0|connectToLearnerMasterLimit: \"0\" is not a positive whole number",
        "maxClientCnxns|-1|maxClientCnxns: \"-1\" is not a whole number of 0 or more",
        "maxCnxns|many|maxCnxns: \"many\" is not a whole number of 0 or more",
        "minSessionTimeout|0|minSessionTimeout: \"0\" is not a positive whole number",
        "maxSessionTimeout|1.5|maxSessionTimeout: \"1.5\" is not a positive whole number",
        "globalOutstandingLimit|0|globalOutstandingLimit: \"0\" is not a positive whole number",
        "jute.maxbuffer|1M|jute.maxbuffer: \"1M\" is not a positive whole number (decimal, or hex as 0x...)",
        "jute.maxbuffer|-5|jute.maxbuffer: \"-5\" is not a positive whole number (decimal, or hex as 0x...)",
        "snapCount|lots|snapCount: \"lots\" is not a whole number",
        "snapSizeLimitInKb|4GB|snapSizeLimitInKb: \"4GB\" is not a whole number",
        "autopurge.snapRetainCount|three|autopurge.snapRetainCount: \"three\" is not a whole number",
        "autopurge.purgeInterval|1h|autopurge.purgeInterval: \"1h\" is not a whole number",
        "clientPortListenBacklog|0|clientPortListenBacklog: \"0\" is not a positive whole number (or -1 for the OS default)",
        "forceSync|maybe|forceSync: \"maybe\" is not a boolean (true, false, yes or no)",
        "standaloneEnabled|on|standaloneEnabled: \"on\" is not a boolean (true, false, yes or no)",
        "reconfigEnabled|1|reconfigEnabled: \"1\" is not a boolean (true, false, yes or no)",
        "extendedTypesEnabled|enabled|extendedTypesEnabled: \"enabled\" is not a boolean (true, false, yes or no)",
        "skipACL|please|skipACL: \"please\" is not a boolean (true, false, yes or no)",
        "leaderServes|x|leaderServes: \"x\" is not a boolean (true, false, yes or no)",
        "syncEnabled|x|syncEnabled: \"x\" is not a boolean (true, false, yes or no)",
        "quorumListenOnAllIPs|x|quorumListenOnAllIPs: \"x\" is not a boolean (true, false, yes or no)",
        "localSessionsEnabled|x|localSessionsEnabled: \"x\" is not a boolean (true, false, yes or no)",
        "localSessionsUpgradingEnabled|x|localSessionsUpgradingEnabled: \"x\" is not a boolean (true, false, yes or no)",
        "admin.enableServer|x|admin.enableServer: \"x\" is not a boolean (true, false, yes or no)",
        "admin.serverPort|http|admin.serverPort: \"http\" is not a port number (1-65535)",
        "admin.idleTimeout|0|admin.idleTimeout: \"0\" is not a positive whole number",
        "admin.commandURL|commands|admin.commandURL: \"commands\" is not a URL path (it must start with / and have no spaces)",
        "admin.serverAddress|a b|admin.serverAddress: \"a b\" is not a host name or address",
        "clientPortAddress|[::1|clientPortAddress: \"[::1\" is not a host name or address",
        "cnxTimeout|-3|cnxTimeout: \"-3\" is not a positive whole number",
        "electionAlg|1|electionAlg: \"1\" is not supported: only 3 (fast leader election over TCP) exists",
        "electionAlg|fast|electionAlg: \"fast\" is not a whole number",
        "peerType|voter|peerType: \"voter\" is not a peer type (participant or observer)",
        "sslQuorum|true|sslQuorum: \"true\" cannot be honoured: TLS between servers is not supported by Warden",
        "portUnification|yes|portUnification: \"yes\" cannot be honoured: TLS between servers is not supported by Warden",
        "quorum.auth.enableSasl|true|quorum.auth.enableSasl: \"true\" cannot be honoured: SASL between servers is not supported by Warden",
        "secureClientPort|2281|secureClientPort: TLS client ports are not supported by Warden",
        "dynamicConfigFile|zoo.cfg.dynamic|dynamicConfigFile: dynamic config files are not supported by Warden yet; put the server.N lines in zoo.cfg",
        "group.1|1:2:3|group.1: hierarchical quorums (group.N, weight.N) are not supported by Warden",
        "weight.1|2|weight.1: hierarchical quorums (group.N, weight.N) are not supported by Warden",
        "DigestAuthenticationProvider.superDigest|nocolon|DigestAuthenticationProvider.superDigest: is not of the form user:digest (the value is not shown: it is a credential)",
        "dataLogDir|''|dataLogDir: \"\" is not a path (empty)",
    })
    void rejectsBadValuesNamingKeyValueAndRule(String key, String value, String message) {
        ConfigException e = rejected("dataDir=data", key + "=" + value);
        assertEquals(message, e.getMessage());
        assertEquals(Optional.of(key), e.key());
    }

    @Test
    void dataDirIsRequired() {
        ConfigException e = rejected("clientPort=2181");
        assertEquals("dataDir: is not set: every server needs a directory for its data", e.getMessage());
        assertEquals("dataDir: \"\" is not a path (empty)", rejected("dataDir=").getMessage());
    }

    @Test
    void missingConfigFileIsReported() {
        Path missing = tmp.resolve("nope.cfg");
        ConfigException e = assertThrows(ConfigException.class, () -> ZooCfgParser.parse(missing));
        assertEquals("config file " + missing + " does not exist", e.getMessage());
    }

    @Test
    void crossKeyRulesComeFromTheRecords() {
        ConfigException e = rejected("dataDir=data", "minSessionTimeout=5000", "maxSessionTimeout=4000");
        assertEquals("minSessionTimeoutMs (5000) must not be larger than maxSessionTimeoutMs (4000)", e.getMessage());
        assertEquals(Optional.empty(), e.key());
    }

    @Test
    void noAdminServerReservesAPortAndAskingForOneWarns() throws Exception {
        // Warden has no AdminServer yet: ZooKeeper's default port 8080 is free for clients
        assertEquals(8080, fx.parse("dataDir=data", "clientPort=8080").config().clientPort());
        assertEquals(2181, fx.parse("dataDir=data", "admin.serverPort=2181").config().clientPort());
        ParsedConfig asked = fx.parse("dataDir=data", "clientPort=8080", "admin.enableServer=true");
        assertFalse(asked.config().admin().enabled());
        assertTrue(asked.warnings().stream().anyMatch(w -> w.startsWith("admin.enableServer=true: Warden has no"
                + " AdminServer")), asked.warnings().toString());
        assertTrue(fx.parse("dataDir=data").warnings().isEmpty());
    }

    @Test
    void sessionTimeoutsOfMinusOneMeanDerivedFromTickTime() throws Exception {
        ServerConfig c = fx.parse("dataDir=data", "tickTime=1000", "minSessionTimeout=-1", "maxSessionTimeout=-1")
                .config();
        assertEquals(2000, c.client().minSessionTimeoutMs());
        assertEquals(20000, c.client().maxSessionTimeoutMs());
    }

    @Test
    void valuesZooKeeperCorrectsAreCorrectedWithAWarning() throws Exception {
        ParsedConfig parsed = fx.parse("dataDir=data", "autopurge.snapRetainCount=1", "snapCount=1",
                "autopurge.purgeInterval=-4");
        assertEquals(3, parsed.config().storage().snapRetainCount());
        assertEquals(2, parsed.config().storage().snapCount());
        assertEquals(0, parsed.config().storage().purgeIntervalHours());
        assertWarned(parsed, "autopurge.snapRetainCount=1 is below the minimum 3; using 3 (as ZooKeeper does)");
        assertWarned(parsed, "snapCount=1 is below 2; using 2 (as ZooKeeper does)");
    }

    @Test
    void fourLetterWordWhitelist() throws Exception {
        assertEquals(FourLetterWords.all(), fx.parse("dataDir=data", "4lw.commands.whitelist=*").config().fourLetterWords());
        assertEquals(Set.of("srvr"), fx.parse("dataDir=data", "4lw.commands.whitelist=").config().fourLetterWords().enabled());
        ParsedConfig parsed = fx.parse("dataDir=data", "4lw.commands.whitelist=ruok,RUOK,kill,");
        assertEquals(Set.of("ruok", "srvr"), parsed.config().fourLetterWords().enabled());
        assertWarned(parsed, "4lw.commands.whitelist: \"RUOK\" is not a four-letter word; ignored");
        assertWarned(parsed, "4lw.commands.whitelist: \"kill\" is not a four-letter word; ignored");
    }

    @Test
    void peerTypeWithoutServersIsWarnedAbout() throws Exception {
        assertWarned(fx.parse("dataDir=data", "peerType=observer"), "peerType=observer has no effect without server.N lines");
    }
}
