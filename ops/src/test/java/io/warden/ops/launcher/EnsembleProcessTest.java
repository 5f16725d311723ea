package io.warden.ops.launcher;

import static io.warden.ops.launcher.ProcessEnsemble.JVM_FLAGS;
import static io.warden.ops.launcher.ProcessEnsemble.SETTLE;
import static io.warden.ops.launcher.ProcessEnsemble.bytes;
import static io.warden.ops.launcher.ProcessEnsemble.sync;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-node ensemble of real processes started by {@code ops/bin/warden-server} from plain zoo.cfg
 * and myid files, judged by the stock ZooKeeper client: a leader is elected and the others follow;
 * writes through any member are read on every member after sync; ephemerals of a closed session
 * vanish everywhere; a quiet session on a follower outlives several timeouts (its pings reach the
 * leader); a session moves to a survivor with its ephemeral when its server dies; SIGKILL of the leader elects another, writes go on through the survivors and
 * no acknowledged write is lost; the killed node starts again and catches up.
 * The nodes' logs are kept in ops/target/EnsembleProcessTest-logs.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EnsembleProcessTest {
    @TempDir
    Path tmp;
    private ProcessEnsemble ensemble;

    @BeforeAll
    static void needsBash() {
        ScriptHarness.assumeBash();
    }

    @BeforeEach
    void layOut() {
        ensemble = new ProcessEnsemble(tmp, getClass().getSimpleName());
    }

    @AfterEach
    void stopAll() throws Exception {
        ensemble.close();
    }

    private void configure(String... extra) throws IOException {
        ensemble.configure(false, extra);
    }

    @Test
    void threeNodesReplicate_failOverOnSigkill_andTheKilledNodeCatchesUpByDiff() throws Exception {
        configure();
        scenario(JVM_FLAGS, 20, "DIFF from memory");
    }

    /** A leader keeping 5 txns in memory: the killed node, behind them, gets them from the log. */
    @Test
    void aNodeBehindTheLeadersWindow_catchesUpByDiffFromTheLog() throws Exception {
        configure();
        scenario(JVM_FLAGS + " -Dwarden.ensemble.window-txns=5", 20, "DIFF from the log");
    }

    /**
     * The same, with ZooKeeper's snapshotSizeFactor=-1 (never diff from the log files) and more
     * txns missed than the log keeps in memory (commitLogCount, at least 500): SNAP.
     */
    @Test
    void aNodeFarBehind_catchesUpBySnap() throws Exception {
        configure("snapshotSizeFactor=-1");
        scenario(JVM_FLAGS + " -Dwarden.ensemble.window-txns=5", 600, "SNAP at ");
    }

    /**
     * An observer (server.4, peerType=observer) serves reads from its own view, forwards writes,
     * and does not vote: with two of the three voters gone, the voter and the observer left do
     * not make a quorum, and no leader appears.
     */
    @Test
    void anObserverServesReadsForwardsWritesAndDoesNotVote() throws Exception {
        ensemble.configure(true);
        ensemble.startAll(JVM_FLAGS);
        int leader = awaitOneLeaderTwoFollowers(List.of(0, 1, 2));
        await().atMost(SETTLE).until(() -> ensemble.mode(3).equals("observer"));
        ZooKeeper onObserver = ensemble.connect(3);
        onObserver.create("/from-observer", bytes("o"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        ZooKeeper onLeader = ensemble.connect(leader);
        onLeader.create("/from-leader", bytes("l"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        sync(onObserver);
        assertArrayEquals(bytes("l"), onObserver.getData("/from-leader", false, null));
        sync(onLeader);
        assertArrayEquals(bytes("o"), onLeader.getData("/from-observer", false, null));

        int survivor = (leader + 1) % 3;
        for (int v = 0; v < 3; v++) {
            if (v != survivor) {
                ensemble.kill(v);
            }
        }
        await().atMost(SETTLE).until(() -> !ensemble.mode(survivor).equals("follower") && !ensemble.mode(3).equals("observer"));
        // two voters gone: the voter left and the observer must not form a quorum between them
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(30))
                .until(() -> !ensemble.mode(survivor).equals("leader") && !ensemble.mode(3).equals("observer"));
    }

    /**
     * ZooKeeper's data-loss history: a leader whose followers are gone logs a proposal nobody else
     * has; its client must get an error, never an ack, and once it comes back after the others
     * moved on, its extra txn is TRUNCated, not served. (The followers are killed, not paused: a
     * paused JVM's kernel still takes the proposal into its socket buffer and logs it on resume,
     * and a proposal a quorum logged may rightly be committed by the next leader.)
     */
    @Test
    void anIsolatedLeadersUncommittedProposal_failsItsClient_andIsTruncatedWhenItRejoins() throws Exception {
        configure();
        ensemble.startAll(JVM_FLAGS);
        int leader = awaitOneLeaderTwoFollowers(List.of(0, 1, 2));
        ZooKeeper onLeader = ensemble.connect(leader);
        onLeader.create("/before", bytes("b"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        List<Integer> followers = new ArrayList<>(List.of(0, 1, 2));
        followers.remove(Integer.valueOf(leader));
        for (int f : followers) {
            ensemble.kill(f);
        }
        CompletableFuture<Integer> lost = new CompletableFuture<>();
        onLeader.create("/lost", bytes("l"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                (rc, path, ctx, name) -> lost.complete(rc), null);
        // without a quorum the leader steps down within syncLimit ticks, long after it logged /lost
        await().atMost(SETTLE).until(() -> !ensemble.mode(leader).equals("leader"));
        assertTrue(lost.get(SETTLE.toSeconds(), TimeUnit.SECONDS) != 0, "the isolated leader acknowledged /lost");
        ensemble.kill(leader);
        for (int f : followers) {
            ensemble.node(f).start(JVM_FLAGS);
        }
        int newLeader = awaitLeaderAmong(followers);
        ZooKeeper survivor = ensemble.connect(newLeader);
        survivor.create("/after", bytes("a"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        ensemble.node(leader).start(JVM_FLAGS);
        await().atMost(SETTLE).until(() -> ensemble.mode(leader).equals("follower"));
        String newLeaderLog = Files.readString(ensemble.node(newLeader).logDir().resolve("warden-server.log"));
        assertTrue(newLeaderLog.contains("learner " + (leader + 1) + " synchronized by TRUNC"), "TRUNC was used");
        ZooKeeper back = ensemble.connect(leader);
        sync(back);
        assertNull(back.exists("/lost", false));
        assertArrayEquals(bytes("a"), back.getData("/after", false, null));
        assertArrayEquals(bytes("b"), back.getData("/before", false, null));
        assertNull(survivor.exists("/lost", false));
    }

    private void scenario(String flags, int writesAfterFailover, String expectedSync) throws Exception {
        ensemble.startAll(flags);
        int leader = awaitOneLeaderTwoFollowers(List.of(0, 1, 2));

        // writes through every member, read back on every member after sync
        for (int i = 0; i < 3; i++) {
            ZooKeeper zk = ensemble.connect(i);
            for (int n = 0; n < 20; n++) {
                zk.create("/n" + i + "-" + n, bytes("v" + n), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
        }
        for (int i = 0; i < 3; i++) {
            ZooKeeper zk = ensemble.connect(i);
            sync(zk);
            assertEquals(61, zk.getChildren("/", false).size(), "member " + (i + 1));
            assertArrayEquals(bytes("v7"), zk.getData("/n" + ((i + 1) % 3) + "-7", false, null));
        }

        // mntr says what ZooKeeper's says of an ensemble
        String leaderMntr = ensemble.node(leader).fourLetterWord("mntr");
        assertTrue(leaderMntr.contains("zk_server_state\tleader\n"), leaderMntr);
        assertTrue(leaderMntr.contains("zk_synced_followers\t2\n"), leaderMntr);
        assertTrue(leaderMntr.contains("zk_peer_state\tleading - broadcast\n"), leaderMntr);
        int follower = (leader + 1) % 3;
        String followerMntr = ensemble.node(follower).fourLetterWord("mntr");
        assertTrue(followerMntr.contains("zk_server_state\tfollower\n"), followerMntr);

        // an ephemeral of a session on a follower vanishes everywhere when that session closes
        ZooKeeper owner = ensemble.connect(follower);
        owner.create("/eph", bytes("x"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        ZooKeeper onLeader = ensemble.connect(leader);
        sync(onLeader);
        assertTrue(onLeader.exists("/eph", false) != null);
        owner.close();
        await().atMost(SETTLE).until(() -> onLeader.exists("/eph", false) == null);

        // a quiet session on a follower lives on: its pings reach the leader, which alone expires
        ZooKeeper quiet = ensemble.connect(follower, 4_000);
        quiet.create("/quiet", bytes("q"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(30))
                .until(() -> onLeader.exists("/quiet", false) != null);
        quiet.close();
        await().atMost(SETTLE).until(() -> onLeader.exists("/quiet", false) == null);

        // a session with every member in its connect string (the client picks one) holds an ephemeral
        ZooKeeper mover = ensemble.connectTo("127.0.0.1:" + ensemble.node(leader).port() + ",127.0.0.1:" + ensemble.node(0).port()
                + ",127.0.0.1:" + ensemble.node(1).port() + ",127.0.0.1:" + ensemble.node(2).port(), 30_000, "the mover");
        mover.create("/mover", bytes("m"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        long moverSession = mover.getSessionId();

        // SIGKILL the leader: the two others elect one of them, and acknowledged writes survive
        ensemble.kill(leader);
        List<Integer> survivors = new ArrayList<>(List.of(0, 1, 2));
        survivors.remove(Integer.valueOf(leader));
        int newLeader = awaitLeaderAmong(survivors);
        ZooKeeper afterFailover = ensemble.connect(survivors.get(0));
        for (int n = 0; n < writesAfterFailover; n++) {
            afterFailover.create("/after-" + n, bytes("a" + n), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        ZooKeeper other = ensemble.connect(survivors.get(1));
        sync(other);
        // the mover's session moved to a survivor with its ephemeral (counted among the children)
        await().atMost(SETTLE).ignoreExceptions().until(() -> mover.exists("/mover", false) != null);
        assertEquals(moverSession, mover.getSessionId());
        assertEquals(moverSession, other.exists("/mover", false).getEphemeralOwner());
        mover.close();
        await().atMost(SETTLE).until(() -> other.exists("/mover", false) == null);
        assertEquals(61 + writesAfterFailover, other.getChildren("/", false).size());

        // the killed node comes back as a follower and holds everything (DIFF from the new leader)
        ensemble.node(leader).start(flags);
        await().atMost(SETTLE).until(() -> ensemble.mode(leader).equals("follower"));
        String newLeaderLog = Files.readString(ensemble.node(newLeader).logDir().resolve("warden-server.log"));
        assertTrue(newLeaderLog.contains("learner " + (leader + 1) + " synchronized by " + expectedSync),
                "the restarted member was synchronized by " + expectedSync);
        ZooKeeper back = ensemble.connect(leader);
        sync(back);
        assertEquals(61 + writesAfterFailover, back.getChildren("/", false).size());
        int last = writesAfterFailover - 1;
        assertArrayEquals(bytes("a" + last), back.getData("/after-" + last, false, null));
        assertNull(back.exists("/eph", false));
        assertTrue(newLeader != leader);
    }

    private int awaitOneLeaderTwoFollowers(List<Integer> members) {
        return ensemble.awaitLeaderAmong(members);
    }

    private int awaitLeaderAmong(List<Integer> members) {
        return ensemble.awaitLeaderAmong(members);
    }
}
