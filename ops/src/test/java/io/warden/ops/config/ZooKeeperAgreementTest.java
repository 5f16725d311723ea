package io.warden.ops.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.actors.config.QuorumServer;
import io.warden.actors.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apache ZooKeeper 3.9's own config parser is the judge: for files it accepts, Warden reads the
 * same values; files it rejects, Warden rejects too. Only keys ZooKeeper parses itself are used,
 * so its parser sets no system properties here.
 */
class ZooKeeperAgreementTest {
    @TempDir
    Path tmp;

    @AfterEach
    void restoreZooKeeperStatics() {
        // QuorumPeerConfig keeps these two in static fields; put back its defaults.
        QuorumPeerConfig.setStandaloneEnabled(true);
        QuorumPeerConfig.setReconfigEnabled(false);
    }

    static Stream<Arguments> acceptedByBoth() {
        return Stream.of(
                Arguments.of("standalone", "", List.of("tickTime=2000", "clientPort=2181")),
                Arguments.of("tuned standalone", "", List.of("tickTime=500", "clientPort=2999", "maxClientCnxns=5",
                        "minSessionTimeout=1200", "maxSessionTimeout=60000", "autopurge.snapRetainCount=7",
                        "autopurge.purgeInterval=12", "dataLogDir=LOGDIR")),
                Arguments.of("three", "2", List.of("tickTime=2000", "initLimit=5", "syncLimit=2", "clientPort=2181",
                        "server.1=127.0.0.1:2888:3888", "server.2=127.0.0.2:2888:3888", "server.3=127.0.0.3:2888:3888")),
                Arguments.of("observer and client suffix", "4", List.of("tickTime=2000", "initLimit=5",
                        "syncLimit=2", "server.1=127.0.0.1:2888:3888;2181", "server.2=127.0.0.2:2888:3888;2181",
                        "server.3=127.0.0.3:2888:3888;2181", "server.4=127.0.0.4:2888:3888:observer;2182")),
                Arguments.of("ipv6", "1", List.of("tickTime=2000", "initLimit=5", "syncLimit=2",
                        "server.1=[::1]:2888:3888;2181", "server.2=[::1]:2889:3889;2182",
                        "server.3=[::1]:2890:3890;2183")),
                Arguments.of("lone participant, standaloneEnabled=false", "1", List.of("tickTime=2000",
                        "initLimit=5", "syncLimit=2", "clientPort=2181", "standaloneEnabled=false",
                        "server.1=localhost:2888:3888")),
                Arguments.of("too few snapshots kept", "", List.of("tickTime=2000", "clientPort=2181",
                        "autopurge.snapRetainCount=1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedByBoth")
    void readsWhatZooKeeperReads(String name, String myid, List<String> lines) throws Exception {
        Path cfg = write(myid, lines);
        QuorumPeerConfig zk = new QuorumPeerConfig();
        zk.parse(cfg.toString());
        ServerConfig warden = ZooCfgParser.parse(cfg).config();

        assertEquals(zk.getTickTime(), warden.tickTimeMs());
        assertEquals(zk.getMinSessionTimeout(), warden.client().minSessionTimeoutMs());
        assertEquals(zk.getMaxSessionTimeout(), warden.client().maxSessionTimeoutMs());
        assertEquals(zk.getMaxClientCnxns(), warden.client().maxClientCnxns());
        assertEquals(zk.getSnapRetainCount(), warden.storage().snapRetainCount());
        assertEquals(zk.getPurgeInterval(), warden.storage().purgeIntervalHours());
        assertEquals(zk.getDataDir().toPath(), warden.dataDir());
        assertEquals(zk.getDataLogDir().toPath(), warden.dataLogDir());
        assertEquals(zk.getClientPortAddress().getPort(), warden.clientPort());
        assertEquals(zk.isDistributed(), !warden.isStandalone());
        assertEquals(zk.getServerId() == -1 ? 0 : zk.getServerId(), warden.myid());
        if (zk.isDistributed()) {
            assertEquals(zk.getInitLimit(), warden.timing().initLimit());
            assertEquals(zk.getSyncLimit(), warden.timing().syncLimit());
            assertEquals(zk.getPeerType() == QuorumPeer.LearnerType.OBSERVER, warden.isObserver());
        }
        assertEquals(describe(zk), describe(warden));
    }

    static Stream<Arguments> rejectedByBoth() {
        return Stream.of(
                Arguments.of("min above max", "", List.of("tickTime=2000", "clientPort=2181",
                        "minSessionTimeout=5000", "maxSessionTimeout=4000")),
                Arguments.of("old election algorithm", "", List.of("tickTime=2000", "clientPort=2181", "electionAlg=1")),
                Arguments.of("not a boolean", "", List.of("tickTime=2000", "clientPort=2181", "standaloneEnabled=maybe")),
                Arguments.of("missing election port", "1", List.of("tickTime=2000", "clientPort=2181",
                        "initLimit=5", "syncLimit=2", "server.1=127.0.0.1:2888", "server.2=127.0.0.2:2888:3888")),
                Arguments.of("observers without participants", "1", List.of("tickTime=2000", "clientPort=2181",
                        "initLimit=5", "syncLimit=2", "server.1=127.0.0.1:2888:3888:observer", "server.2=127.0.0.2:2888:3888:observer")),
                Arguments.of("observers without a quorum", "1", List.of("tickTime=2000", "clientPort=2181",
                        "initLimit=5", "syncLimit=2", "server.1=127.0.0.1:2888:3888", "server.2=127.0.0.2:2888:3888:observer")),
                Arguments.of("client port differs from own line", "1", List.of("tickTime=2000", "clientPort=2181",
                        "initLimit=5", "syncLimit=2", "server.1=127.0.0.1:2888:3888;2182", "server.2=127.0.0.2:2888:3888")),
                Arguments.of("myid missing", "", List.of("tickTime=2000", "clientPort=2181",
                        "initLimit=5", "syncLimit=2", "server.1=127.0.0.1:2888:3888", "server.2=127.0.0.2:2888:3888")),
                Arguments.of("server id not a number", "", List.of("tickTime=2000", "clientPort=2181",
                        "server.x=127.0.0.1:2888:3888")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedByBoth")
    void rejectsWhatZooKeeperRejects(String name, String myid, List<String> lines) {
        Path cfg = write(myid, lines);
        assertThrows(Exception.class, () -> new QuorumPeerConfig().parse(cfg.toString()), "ZooKeeper accepted it");
        assertThrows(ConfigException.class, () -> ZooCfgParser.parse(cfg));
    }

    private Path write(String myid, List<String> lines) {
        ZooCfgFixture fx = new ZooCfgFixture(tmp);
        if (!myid.isEmpty()) {
            fx.myid(myid);
        }
        List<String> all = new ArrayList<>();
        all.add("dataDir=" + tmp.resolve("data"));
        lines.forEach(l -> all.add(l.replace("LOGDIR", tmp.resolve("txnlog").toString())));
        return fx.write(all.toArray(String[]::new));
    }

    private static List<String> describe(QuorumPeerConfig zk) {
        return zk.getServers().values().stream().sorted((a, b) -> Long.compare(a.id, b.id))
                .map(s -> s.id + " " + s.hostname + " " + s.addr.getOne().getPort() + " "
                        + s.electionAddr.getOne().getPort() + " " + (s.type == QuorumPeer.LearnerType.OBSERVER)
                        + " " + (s.clientAddr == null ? "-" : String.valueOf(s.clientAddr.getPort())))
                .toList();
    }

    private static List<String> describe(ServerConfig warden) {
        if (warden.ensemble().servers().size() == 0) {
            return List.of();
        }
        return warden.ensemble().servers().stream()
                .map((QuorumServer s) -> s.sid() + " " + s.host() + " " + s.quorumPort() + " " + s.electionPort() + " "
                        + s.observer() + " " + s.clientAddress().map(c -> String.valueOf(c.port())).orElse("-"))
                .toList();
    }
}
