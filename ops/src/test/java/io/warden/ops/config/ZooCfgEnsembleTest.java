package io.warden.ops.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.actors.config.HostPort;
import io.warden.actors.config.QuorumServer;
import io.warden.actors.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** server.N lines, the myid file, and how they meet clientPort and peerType. */
class ZooCfgEnsembleTest {
    private static final String[] THREE = {
        "dataDir=data", "server.1=zk1:2888:3888", "server.2=zk2:2888:3888", "server.3=zk3:2888:3888"};

    @TempDir
    Path tmp;
    ZooCfgFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ZooCfgFixture(tmp);
    }

    private static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private ConfigException rejected(String... lines) {
        return assertThrows(ConfigException.class, () -> fx.parse(lines));
    }

    @Test
    void threeParticipants() throws Exception {
        fx.myid("2\n");
        ParsedConfig parsed = fx.parse(THREE);
        ServerConfig c = parsed.config();
        assertEquals(List.of(), parsed.warnings());
        assertEquals(2, c.myid());
        assertFalse(c.isStandalone());
        assertEquals(List.of(QuorumServer.participant(1, "zk1", 2888, 3888),
                new QuorumServer(2, "zk2", 2888, 3888, false, Optional.of(new HostPort("0.0.0.0", 2181))),
                QuorumServer.participant(3, "zk3", 2888, 3888)), c.ensemble().servers(),
                "like ZooKeeper, a member fills in its own client address");
        assertEquals("zk2", c.self().orElseThrow().host());
        assertEquals(2181, c.clientPort());
    }

    @Test
    void observerAndExplicitParticipantInAnyCase() throws Exception {
        fx.myid("4");
        ServerConfig c = fx.parse(with(THREE, "server.4=zk4:2888:3888:OBSERVER", "server.5=zk5:2888:3888:Participant"))
                .config();
        assertTrue(c.isObserver());
        assertEquals(List.of(4L), c.ensemble().observers().stream().map(QuorumServer::sid).toList());
        assertEquals(4, c.ensemble().participants().size());
    }

    @Test
    void clientPortSuffixes() throws Exception {
        fx.myid("1");
        ServerConfig c = fx.parse("dataDir=data", "server.1=zk1:2888:3888;2191", "server.2=zk2:2888:3888;10.0.0.2:2192",
                "server.3=zk3:2888:3888:observer;[::1]:2193").config();
        assertEquals(2191, c.clientPort(), "clientPort comes from this server's own line");
        assertEquals(Optional.empty(), c.client().clientPortAddress());
        assertEquals(Optional.of(new HostPort("0.0.0.0", 2191)), c.ensemble().server(1).orElseThrow().clientAddress());
        assertEquals(Optional.of(new HostPort("10.0.0.2", 2192)), c.ensemble().server(2).orElseThrow().clientAddress());
        assertEquals(Optional.of(new HostPort("::1", 2193)), c.ensemble().server(3).orElseThrow().clientAddress());
    }

    @Test
    void clientAddressOnOwnLineBecomesTheBindAddress() throws Exception {
        fx.myid("2");
        ServerConfig c = fx.parse("dataDir=data", "server.1=zk1:2888:3888", "server.2=zk2:2888:3888;127.0.0.2:2182",
                "server.3=zk3:2888:3888").config();
        assertEquals(2182, c.clientPort());
        assertEquals(Optional.of("127.0.0.2"), c.client().clientPortAddress());
    }

    @Test
    void clientPortMustAgreeWithOwnLine() throws Exception {
        fx.myid("1");
        assertEquals(2182, fx.parse("dataDir=data", "clientPort=2182", "server.1=zk1:2888:3888;2182",
                "server.2=zk2:2888:3888").config().clientPort());
        ConfigException e = rejected("dataDir=data", "clientPort=2181", "server.1=zk1:2888:3888;2182",
                "server.2=zk2:2888:3888");
        assertEquals("server.1 gives client address 0.0.0.0:2182 but clientPortAddress/clientPort say 0.0.0.0:2181",
                e.getMessage());
    }

    @Test
    void ipv6HostsInBrackets() throws Exception {
        fx.myid("1");
        ServerConfig c = fx.parse("dataDir=data", "server.1=[fe80::1]:2888:3888;[::]:2181",
                "server.2=[2001:db8::2]:2888:3888:participant", "server.3=[2001:db8::3]:2888:3888").config();
        QuorumServer one = c.self().orElseThrow();
        assertEquals("fe80::1", one.host());
        assertEquals(2888, one.quorumPort());
        assertEquals(3888, one.electionPort());
        assertEquals(Optional.of(new HostPort("::", 2181)), one.clientAddress());
        assertEquals(Optional.of("::"), c.client().clientPortAddress());
        assertEquals("2001:db8::2", c.ensemble().server(2).orElseThrow().host());
        assertEquals("[fe80::1]:2888:3888:participant;[::]:2181", one.toConfigValue());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '#', value = {
        "server.1#zk1:2888#server.1: \"zk1:2888\" has no election port: must have the form host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort], with an IPv6 host in brackets",
        "server.1#zk1#server.1: \"zk1\" must have the form host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort], with an IPv6 host in brackets",
        "server.1#zk1:2888:3888:voter#server.1: \"zk1:2888:3888:voter\" has type \"voter\": the type must be participant or observer",
        "server.1#zk1:2888:3888:observer:extra#server.1: \"zk1:2888:3888:observer:extra\" must have the form host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort], with an IPv6 host in brackets",
        "server.1#fe80::1:2888:3888#server.1: \"fe80::1:2888:3888\" must have the form host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort], with an IPv6 host in brackets",
        "server.1#[fe80::1:2888:3888#server.1: \"[fe80::1:2888:3888\" has a '[' host with no matching ']:': must have the form host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort], with an IPv6 host in brackets",
        "server.1#zk1:port:3888#server.1 quorum port: \"port\" is not a port number (1-65535)",
        "server.1#zk1:2888:70000#server.1 election port: \"70000\" is not a port number (1-65535)",
        "server.1#zk1:2888:2888#server.1: \"zk1:2888:2888\" is not usable: server.1: quorum port and election port must differ (both 2888)",
        "server.1#zk1:2888:3888;#server.1: \"zk1:2888:3888;\" has nothing after ';': must have the form host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort], with an IPv6 host in brackets",
        "server.1#zk1:2888:3888;abc#server.1 client port: \"abc\" is not a port number (1-65535)",
        "server.1#zk1:2888:3888;3888#server.1: \"zk1:2888:3888;3888\" is not usable: server.1: client port 3888 must differ from its quorum and election ports",
        "server.1#:2888:3888#server.1: \"\" is not a host name or address",
        "server.1#zk1a:2888:3888|zk1b:2889:3889#server.1: \"zk1a:2888:3888|zk1b:2889:3889\" lists several addresses (|): Warden supports one address per server",
        "server.x#zk1:2888:3888#server.x: \"x\" is not a server id (server.N needs a whole number N of 0 or more)",
        "server.-1#zk1:2888:3888#server.-1: \"-1\" is not a server id (server.N needs a whole number N of 0 or more)",
        "server.#zk1:2888:3888#server.: \"\" is not a server id (server.N needs a whole number N of 0 or more)",
        "server.99999999999999999999#zk1:2888:3888#server.99999999999999999999: \"99999999999999999999\" is not a server id (too large)",
    })
    void rejectsMalformedServerLines(String key, String value, String message) {
        ConfigException e = rejected("dataDir=data", key + "=" + value);
        assertEquals(message, e.getMessage());
    }

    @Test
    void myidIsRequiredWithServerLines() {
        ConfigException e = rejected(THREE);
        assertEquals(Optional.of("myid"), e.key());
        assertEquals("myid: file " + tmp.resolve("data/myid") + " is missing; with server.N lines each server needs"
                + " one holding its id N", e.getMessage());
    }

    @Test
    void myidMustBeANumber() {
        fx.myid("two");
        assertEquals("myid: \"two\" in " + tmp.resolve("data/myid") + " is not a server id (a whole number)",
                rejected(THREE).getMessage());
        fx.myid("");
        assertTrue(rejected(THREE).getMessage().startsWith("myid: \"\" in "));
        fx.myid("-2");
        assertEquals("myid: \"-2\" in " + tmp.resolve("data/myid") + " is not a server id (negative)",
                rejected(THREE).getMessage());
    }

    @Test
    void myidMustMatchAServerLine() {
        fx.myid("7");
        assertEquals("myid: 7 (from " + tmp.resolve("data/myid") + ") matches no server.N line (server ids: [1, 2, 3])",
                rejected(THREE).getMessage());
    }

    @Test
    void myidWithSurroundingWhitespaceIsFine() throws Exception {
        fx.myid("  3 \r\n");
        assertEquals(3, fx.parse(THREE).config().myid());
    }

    @Test
    void standaloneIgnoresTheMyidFile() throws Exception {
        fx.myid("garbage");
        assertEquals(0, fx.parse("dataDir=data").config().myid());
    }

    @Test
    void singleServerLineIsStandaloneUnlessDisabled() throws Exception {
        fx.myid("1");
        assertTrue(fx.parse("dataDir=data", "server.1=localhost:2888:3888").config().isStandalone());
        assertFalse(fx.parse("dataDir=data", "server.1=localhost:2888:3888", "standaloneEnabled=false")
                .config().isStandalone());
    }

    @Test
    void peerTypeContradictingTheServerLineIsWarnedAbout() throws Exception {
        fx.myid("1");
        ParsedConfig parsed = fx.parse(with(THREE, "peerType=observer"));
        assertFalse(parsed.config().isObserver());
        assertTrue(parsed.warnings().contains("peerType=observer contradicts server.1, which makes it a participant;"
                + " the server.N line wins"), parsed.warnings()::toString);
        assertEquals(List.of(), fx.parse(with(THREE, "peerType=participant")).warnings());
    }

    @Test
    void ensembleSizeWarnings() throws Exception {
        fx.myid("1");
        assertTrue(fx.parse("dataDir=data", "server.1=a:2888:3888", "server.2=b:2888:3888").warnings()
                .contains("2 participants: losing either stops the ensemble; use at least 3 to tolerate a failure"));
        assertTrue(fx.parse(with(THREE, "server.4=zk4:2888:3888")).warnings()
                .contains("4 participants: an even number tolerates no more failures than 3; consider an odd number"));
        assertEquals(List.of(), fx.parse(with(THREE, "server.4=zk4:2888:3888:observer")).warnings());
    }

    @Test
    void ensembleRulesFromTheRecords() {
        fx.myid("1");
        assertEquals("observers without participants: at least one server.N must be a participant",
                rejected("dataDir=data", "server.1=a:2888:3888:observer", "server.2=b:2888:3888:observer").getMessage());
        assertEquals("observers need a quorum: a single participant with observers requires standaloneEnabled=false",
                rejected("dataDir=data", "server.1=a:2888:3888", "server.2=b:2888:3888:observer").getMessage());
        assertEquals("localhost:2888 is both the quorum port of server.1 and the quorum port of server.2",
                rejected("dataDir=data", "server.1=localhost:2888:3888", "server.2=localhost:2888:3889").getMessage());
        assertEquals("server.1: client port 2888 must differ from its quorum and election ports",
                rejected(with(THREE, "clientPort=2888")).getMessage());
    }

    @Test
    void serverIdsAbove254NeedExtendedTypesOff() throws Exception {
        fx.myid("300");
        String[] lines = {"dataDir=data", "server.300=a:2888:3888", "server.2=b:2888:3888", "server.3=c:2888:3888"};
        assertEquals("myid (300) must be at most 254 while extendedTypesEnabled (TTL nodes) is on",
                rejected(lines).getMessage());
        assertEquals(300, fx.parse(with(lines, "extendedTypesEnabled=false")).config().myid());
    }
}
