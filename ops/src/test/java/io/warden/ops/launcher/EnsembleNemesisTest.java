package io.warden.ops.launcher;

import static io.warden.ops.launcher.ProcessEnsemble.JVM_FLAGS;
import static io.warden.ops.launcher.ProcessEnsemble.SETTLE;
import static io.warden.ops.launcher.ProcessEnsemble.bytes;
import static io.warden.ops.launcher.ProcessEnsemble.sync;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL under load: a writer session (every member in its connect string) creates znodes
 * without pause while, round after round, a seeded member (the leader half of the time) is
 * killed, the writes go on through the other two, and the member starts again and rejoins. At the
 * end every acknowledged write is on every member with its data, and the members' trees are
 * identical (same last zxid, same digest in mntr).
 *
 * <p>The victims are seeded: the seed is printed and {@code -Dwarden.seed=<seed>} replays the
 * schedule (the timing of real processes is not replayable). Default: 3 rounds; the soak variant
 * 20: {@code mvn -B -o -pl ops -am verify -Psoak -Dtest='EnsembleNemesisTest#*soak'
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class EnsembleNemesisTest {
    /** Writes acknowledged between two steps of a round: the ensemble is seen to make progress. */
    private static final int PROGRESS = 25;

    @TempDir
    Path tmp;
    private ProcessEnsemble ensemble;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Map<Long, Boolean> acked = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();

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
        stop.set(true);
        ensemble.close();
    }

    @Test
    void sigkillOfARandomMemberUnderLoad_losesNoAcknowledgedWrite_andTheTreesConverge() throws Exception {
        run(3);
    }

    @Test
    @Tag("soak")
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void sigkillUnderLoad_soak() throws Exception {
        run(20);
    }

    private void run(int rounds) throws Exception {
        long seed = Long.getLong("warden.seed", System.nanoTime());
        System.out.println("EnsembleNemesisTest seed=" + seed + " (replay with -Dwarden.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        ensemble.configure(false);
        ensemble.startAll(JVM_FLAGS);
        int leader = ensemble.awaitLeaderAmong(List.of(0, 1, 2));
        ZooKeeper writer = ensemble.connectTo(ensemble.connectString(), 30_000, "the writer");
        Thread writes = new Thread(() -> write(writer), "nemesis-writer");
        writes.start();
        for (int round = 1; round <= rounds; round++) {
            int victim = random.nextBoolean() ? leader : random.nextInt(3);
            System.out.println("round " + round + ": SIGKILL member " + (victim + 1)
                    + (victim == leader ? " (the leader)" : "") + ", " + acked.size() + " writes acknowledged so far");
            awaitProgress();
            ensemble.kill(victim);
            List<Integer> others = new ArrayList<>(List.of(0, 1, 2));
            others.remove(Integer.valueOf(victim));
            leader = ensemble.awaitLeaderAmong(others);
            awaitProgress();
            ensemble.node(victim).start(JVM_FLAGS);
            leader = ensemble.awaitLeaderAmong(List.of(0, 1, 2));
            awaitProgress();
        }
        stop.set(true);
        writes.join(SETTLE.toMillis());
        System.out.println(acked.size() + " writes acknowledged, " + failures.get() + " failed or unknown");
        check();
    }

    /** Creates /w-i one after the other; only an OK counts as acknowledged. */
    private void write(ZooKeeper zk) {
        for (long i = 0; !stop.get(); i++) {
            try {
                zk.create("/w-" + i, bytes("v" + i), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                acked.put(i, Boolean.TRUE);
            } catch (KeeperException e) {
                failures.incrementAndGet(); // connection loss: unknown outcome, not acknowledged
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void awaitProgress() {
        int before = acked.size();
        await().atMost(SETTLE).until(() -> acked.size() >= before + PROGRESS);
    }

    /** Every acknowledged write on every member, and the same tree everywhere. */
    private void check() throws Exception {
        List<ZooKeeper> readers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ZooKeeper reader = ensemble.connect(i);
            sync(reader);
            readers.add(reader);
        }
        for (long i : acked.keySet()) {
            for (int m = 0; m < 3; m++) {
                byte[] data = readers.get(m).getData("/w-" + i, false, null);
                assertNotNull(data);
                assertArrayEquals(bytes("v" + i), data, "/w-" + i + " on member " + (m + 1));
            }
        }
        await().atMost(SETTLE).ignoreExceptions().until(() -> {
            String first = treeOf(0);
            return first.equals(treeOf(1)) && first.equals(treeOf(2));
        });
        assertEquals(treeOf(0), treeOf(1));
    }

    /** mntr's last processed zxid and tree digest of a member. */
    private String treeOf(int member) throws Exception {
        String mntr = ensemble.node(member).fourLetterWord("mntr");
        StringBuilder tree = new StringBuilder();
        mntr.lines().filter(l -> l.startsWith("zk_last_processed_zxid\t") || l.startsWith("zk_tree_digest\t"))
                .forEach(l -> tree.append(l).append(';'));
        return tree.toString();
    }
}
