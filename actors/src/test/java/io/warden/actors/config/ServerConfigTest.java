package io.warden.actors.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ServerConfigTest {
    private static final Path DATA = Path.of("/var/lib/warden").toAbsolutePath();

    private static ServerConfigBuilder builder() {
        return ServerConfig.builder(DATA);
    }

    private static void assertRejected(String expectedFragment, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(expectedFragment),
                () -> "expected \"" + expectedFragment + "\" in: " + e.getMessage());
    }

    @Test
    void defaultsAreZooKeepers() {
        ServerConfig c = builder().build();
        assertEquals(0, c.myid());
        assertEquals(2000, c.tickTimeMs());
        assertEquals(10, c.timing().initLimit());
        assertEquals(5, c.timing().syncLimit());
        assertEquals(10, c.timing().connectToLearnerMasterLimit());
        assertEquals(DATA, c.dataDir());
        assertEquals(DATA, c.dataLogDir());
        assertFalse(c.storage().separateLogDir());
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
        assertFalse(c.storage().autopurgeEnabled());
        assertTrue(c.storage().forceSync());
        assertEquals(Set.of("srvr"), c.fourLetterWords().enabled());
        assertFalse(c.admin().enabled(), "Warden has no admin server: the default reserves no port");
        assertTrue(c.extendedTypesEnabled(), "Warden enables TTL nodes by default");
        assertEquals(3, c.ensemble().electionAlg());
        assertTrue(c.ensemble().standaloneEnabled());
        assertFalse(c.ensemble().reconfigEnabled());
        assertFalse(c.security().skipAcl());
        assertTrue(c.isStandalone());
        assertFalse(c.isObserver());
        assertEquals(Optional.empty(), c.self());
    }

    @Test
    void sessionTimeoutDefaultsFollowTickTime() {
        ServerConfig c = builder().tickTimeMs(500).build();
        assertEquals(1000, c.client().minSessionTimeoutMs());
        assertEquals(10000, c.client().maxSessionTimeoutMs());
        assertEquals(1000, c.client().negotiateSessionTimeoutMs(10));
        assertEquals(10000, c.client().negotiateSessionTimeoutMs(999_999));
        assertEquals(3000, c.client().negotiateSessionTimeoutMs(3000));
    }

    @Test
    void timingInMilliseconds() {
        Timing t = builder().tickTimeMs(100).initLimit(7).syncLimit(3).connectToLearnerMasterLimit(2).build().timing();
        assertEquals(700, t.initLimitMs());
        assertEquals(300, t.syncLimitMs());
        assertEquals(200, t.connectToLearnerMasterLimitMs());
    }

    @Test
    void rejectsMinSessionTimeoutAboveMax() {
        assertRejected("minSessionTimeoutMs (5000) must not be larger than maxSessionTimeoutMs (4000)",
                () -> builder().minSessionTimeoutMs(5000).maxSessionTimeoutMs(4000).build());
    }

    @Test
    void rejectsOutOfRangeNumbers() {
        assertRejected("tickTimeMs (0) must be at least 1", () -> builder().tickTimeMs(0).build());
        assertRejected("initLimit (0)", () -> builder().initLimit(0).build());
        assertRejected("syncLimit (-1)", () -> builder().syncLimit(-1).build());
        assertRejected("clientPort (65536)", () -> builder().clientPort(65536).build());
        assertRejected("clientPort (-1)", () -> builder().clientPort(-1).build());
        assertRejected("maxClientCnxns (-1)", () -> builder().maxClientCnxns(-1).build());
        assertRejected("maxCnxns (-5)", () -> builder().maxCnxns(-5).build());
        assertRejected("globalOutstandingLimit (0)", () -> builder().globalOutstandingLimit(0).build());
        assertRejected("jute.maxbuffer (bytes) (0)", () -> builder().juteMaxBufferBytes(0).build());
        assertRejected("clientPortListenBacklog (0)", () -> builder().listenBacklog(0).build());
        assertRejected("snapCount (1) must be at least 2", () -> builder().snapCount(1).build());
        assertRejected("autopurge.snapRetainCount (2) must be at least 3", () -> builder().snapRetainCount(2).build());
        assertRejected("autopurge.purgeInterval (hours) (-1)", () -> builder().purgeIntervalHours(-1).build());
        assertRejected("electionAlg (1) must be 3", () -> builder().electionAlg(1).build());
        assertRejected("cnxTimeoutMs (0)", () -> builder().cnxTimeoutMs(0).build());
        assertRejected("myid (-1)", () -> builder().myid(-1).build());
    }

    @Test
    void clientPortZeroMeansAnyFreePort() {
        assertEquals(0, builder().clientPort(0).build().clientPort());
    }

    @Test
    void pathsMustBeAbsolute() {
        assertRejected("dataDir (data) must be an absolute path", () -> ServerConfig.builder(Path.of("data")).build());
        assertRejected("dataLogDir (log) must be an absolute path", () -> builder().dataLogDir(Path.of("log")).build());
        NullPointerException e = assertThrows(NullPointerException.class, () -> ServerConfig.builder(null).build());
        assertEquals("dataDir must not be null", e.getMessage());
    }

    @Test
    void ensembleOfThree() {
        ServerConfig c = builder().myid(2)
                .server(QuorumServer.participant(3, "zk3", 2888, 3888))
                .server(QuorumServer.participant(1, "zk1", 2888, 3888))
                .server(QuorumServer.participant(2, "zk2", 2888, 3888))
                .server(QuorumServer.observer(4, "zk4", 2888, 3888))
                .build();
        assertFalse(c.isStandalone());
        assertEquals(List.of(1L, 2L, 3L, 4L), c.ensemble().servers().stream().map(QuorumServer::sid).toList());
        assertEquals(3, c.ensemble().participants().size());
        assertEquals(1, c.ensemble().observers().size());
        assertEquals(2, c.ensemble().quorumSize());
        assertEquals("zk2", c.self().orElseThrow().host());
        assertFalse(c.isObserver());
        assertTrue(builder().myid(4).servers(c.ensemble().servers()).build().isObserver());
    }

    @Test
    void singleServerLineIsStandaloneUnlessDisabled() {
        ServerConfigBuilder b = builder().myid(1).server(QuorumServer.participant(1, "localhost", 2888, 3888));
        assertTrue(b.build().isStandalone());
        assertFalse(b.standaloneEnabled(false).build().isStandalone());
    }

    @Test
    void myidMustMatchAServerLine() {
        assertRejected("myid 7 matches no server.N line (server ids: [1, 2])",
                () -> builder().myid(7).server(QuorumServer.participant(1, "a", 2888, 3888))
                        .server(QuorumServer.participant(2, "b", 2888, 3888)).build());
    }

    @Test
    void rejectsDuplicateSidAndSharedAddresses() {
        assertRejected("server.1 is listed twice", () -> builder().myid(1)
                .server(QuorumServer.participant(1, "a", 2888, 3888))
                .server(QuorumServer.participant(1, "b", 2888, 3888)).build());
        assertRejected("localhost:2888 is both the quorum port of server.1 and the quorum port of server.2",
                () -> builder().myid(1)
                        .server(QuorumServer.participant(1, "localhost", 2888, 3888))
                        .server(QuorumServer.participant(2, "localhost", 2888, 3889)).build());
        assertRejected("quorum port and election port must differ",
                () -> QuorumServer.participant(1, "a", 2888, 2888));
    }

    @Test
    void observersNeedParticipants() {
        assertRejected("observers without participants", () -> builder().myid(1)
                .server(QuorumServer.observer(1, "a", 2888, 3888))
                .server(QuorumServer.observer(2, "b", 2888, 3888)).build());
        ServerConfigBuilder lone = builder().myid(1)
                .server(QuorumServer.participant(1, "a", 2888, 3888))
                .server(QuorumServer.observer(2, "b", 2888, 3888));
        assertRejected("requires standaloneEnabled=false", lone::build);
        assertFalse(lone.standaloneEnabled(false).build().isStandalone());
    }

    @Test
    void selfClientAddressMustMatchClientService() {
        QuorumServer self = new QuorumServer(1, "a", 2888, 3888, false,
                Optional.of(new HostPort(ClientService.WILDCARD_ADDRESS, 2182)));
        QuorumServer other = QuorumServer.participant(2, "b", 2888, 3888);
        assertEquals(2182, builder().myid(1).server(self).server(other).clientPort(2182).build().clientPort());
        assertRejected("server.1 gives client address 0.0.0.0:2182 but clientPortAddress/clientPort say 0.0.0.0:2181",
                () -> builder().myid(1).server(self).server(other).build());
    }

    @Test
    void clientPortMustNotCollideWithOwnPorts() {
        assertRejected("clientPort (2888) must differ from the quorum and election ports of server.1",
                () -> builder().myid(1).clientPort(2888)
                        .server(QuorumServer.participant(1, "a", 2888, 3888))
                        .server(QuorumServer.participant(2, "b", 2888, 3888)).build());
        assertRejected("admin.serverPort (2181) must differ from clientPort", () -> builder()
                .admin(new AdminServer(true, "0.0.0.0", 2181, 30000, "/commands")).build());
        assertEquals(2181, builder().admin(new AdminServer(false, "0.0.0.0", 2181, 30000, "/commands"))
                .build().admin().serverPort());
    }

    @Test
    void extendedTypesLimitServerIds() {
        QuorumServer big = QuorumServer.participant(255, "b", 2888, 3888);
        QuorumServer one = QuorumServer.participant(1, "a", 2888, 3888);
        assertRejected("server.255: server ids must be at most 254",
                () -> builder().myid(1).server(one).server(big).build());
        assertRejected("myid (255) must be at most 254",
                () -> builder().myid(255).server(one).server(big).build());
        assertEquals(255, builder().myid(255).server(one).server(big).extendedTypesEnabled(false).build().myid());
    }

    @Test
    void fourLetterWords() {
        FourLetterWords words = FourLetterWords.of("ruok", "mntr");
        assertTrue(words.isEnabled("ruok"));
        assertTrue(words.isEnabled("srvr"), "srvr is always enabled");
        assertFalse(words.isEnabled("stat"));
        assertEquals("mntr,ruok,srvr", words.toConfigValue());
        assertEquals(FourLetterWords.KNOWN, FourLetterWords.all().enabled());
        assertRejected("\"kill\" is not a four-letter word", () -> FourLetterWords.of("kill"));
    }

    @Test
    void hostPortAndServerLineRendering() {
        assertEquals("[::1]:2181", new HostPort("::1", 2181).toString());
        assertEquals("zk:2181", new HostPort("zk", 2181).toString());
        assertRejected("without brackets", () -> new HostPort("[::1]", 2181));
        assertRejected("port (0)", () -> new HostPort("zk", 0));
        QuorumServer v6 = new QuorumServer(1, "fe80::1", 2888, 3888, true, Optional.of(new HostPort("::1", 2181)));
        assertEquals("[fe80::1]:2888:3888:observer;[::1]:2181", v6.toConfigValue());
        assertEquals("zk:2888:3888:participant", QuorumServer.participant(2, "zk", 2888, 3888).toConfigValue());
    }

    @Test
    void securityAndAdmin() {
        assertEquals(Optional.of("super"), builder().superDigest("super:D/InIHSb7yEEbrWz8b9l71RjZJU=").build()
                .security().superUser());
        assertRejected("superDigest must have the form user:digest", () -> builder().superDigest("nocolon").build());
        assertRejected("superDigest must have the form user:digest", () -> builder().superDigest(":x").build());
        assertRejected("admin.commandURL (\"commands\") must start with /",
                () -> new AdminServer(true, "0.0.0.0", 8080, 1, "commands"));
        assertFalse(AdminServer.disabled().enabled());
    }
}
