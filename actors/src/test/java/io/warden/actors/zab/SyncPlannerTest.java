package io.warden.actors.zab;

import io.warden.api.data.Zxid;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class SyncPlannerTest {
    /** Leader: epoch 1 txns 1..5, then epoch 3 txns 1..3 (epoch 2's leader died before a quorum logged). */
    private static final long[] WINDOW = {z(1, 1), z(1, 2), z(1, 3), z(1, 4), z(1, 5), z(3, 1), z(3, 2), z(3, 3)};

    private static long z(long epoch, long counter) {
        return Zxid.of(epoch, counter);
    }

    @Test
    void aLearnerAtTheLeadersLastZxid_getsAnEmptyDiff() {
        assertEquals(new SyncPlan.Diff(z(3, 3)), SyncPlanner.plan(0, WINDOW, z(3, 3), 1000));
    }

    @Test
    void aLearnerBehindInsideTheWindow_getsTheTxnsAfterItsZxid() {
        assertEquals(new SyncPlan.Diff(z(1, 4)), SyncPlanner.plan(0, WINDOW, z(1, 4), 1000));
        assertEquals(new SyncPlan.Diff(0), SyncPlanner.plan(0, WINDOW, 0, 1000));
    }

    @Test
    void aFollowerWithAnExtraTxnFromAnOldEpoch_isTruncatedToTheLastSharedZxid() {
        assertEquals(new SyncPlan.TruncThenDiff(z(1, 5)), SyncPlanner.plan(0, WINDOW, z(2, 1), 1000));
        assertEquals(new SyncPlan.TruncThenDiff(z(1, 5)), SyncPlanner.plan(0, WINDOW, z(1, 6), 1000));
    }

    @Test
    void aFollowerAheadOfTheLeader_isTruncatedToTheLeadersLastZxid() {
        assertEquals(new SyncPlan.TruncThenDiff(z(3, 3)), SyncPlanner.plan(0, WINDOW, z(3, 4), 1000));
        assertEquals(new SyncPlan.TruncThenDiff(z(3, 3)), SyncPlanner.plan(0, WINDOW, z(4, 1), 1000));
    }

    @Test
    void aFollowerFarBehind_getsSnap() {
        long[] window = {z(5, 101), z(5, 102)};
        assertInstanceOf(SyncPlan.Snap.class, SyncPlanner.plan(z(5, 100), window, z(5, 20), 1000));
        assertEquals(new SyncPlan.Diff(z(5, 100)), SyncPlanner.plan(z(5, 100), window, z(5, 100), 1000));
    }

    @Test
    void aDiffOverTheLimit_becomesSnap() {
        assertInstanceOf(SyncPlan.Snap.class, SyncPlanner.plan(0, WINDOW, z(1, 1), 6));
        assertEquals(new SyncPlan.Diff(z(1, 2)), SyncPlanner.plan(0, WINDOW, z(1, 2), 6));
    }

    /**
     * Seeded: a learner whose log shares a prefix with the leader's and then diverges (or lags, or
     * runs ahead) ends, after the plan is carried out, with exactly the leader's log.
     */
    @Test
    void carryingOutThePlan_leavesTheLearnerWithTheLeadersLog() {
        Random random = new Random(20261205);
        for (int run = 0; run < 2000; run++) {
            List<Long> leader = history(random, 1, 0);
            List<Long> learner = learnerOf(random, leader);
            int baseIndex = random.nextInt(3) == 0 ? random.nextInt(leader.size() + 1) : 0;
            long base = baseIndex == 0 ? 0 : leader.get(baseIndex - 1);
            long[] window = leader.subList(baseIndex, leader.size()).stream().mapToLong(Long::longValue).toArray();
            long learnerLast = learner.isEmpty() ? 0 : learner.get(learner.size() - 1);
            SyncPlan plan = SyncPlanner.plan(base, window, learnerLast, 1_000_000);
            String context = "run " + run + ": leader " + hex(leader) + " base " + Zxid.toHex(base) + " learner "
                    + hex(learner) + " plan " + plan;
            List<Long> result = carryOut(plan, learner, leader);
            assertEquals(leader, result, context);
        }
    }

    /**
     * A learner's log as ZAB allows it beside this leader's: a prefix of it (lagging); or a
     * prefix ending with the last txn of one of its epochs plus more txns of that epoch, which
     * that epoch's leader proposed but no quorum logged; or, for an epoch E the leader never saw
     * and not newer than its last, the leader's txns before E plus some of E (E's leader synced
     * a quorum to exactly that base, so every later leader holds it and nothing else before E).
     */
    private static List<Long> learnerOf(Random random, List<Long> leader) {
        int kind = random.nextInt(3);
        if (kind == 1 && !leader.isEmpty()) {
            long epoch = Zxid.epoch(leader.get(random.nextInt(leader.size())));
            List<Long> out = new ArrayList<>(leader.stream().filter(z -> Zxid.epoch(z) <= epoch).toList());
            return extend(random, out, out.get(out.size() - 1));
        }
        long leaderLastEpoch = leader.isEmpty() ? 0 : Zxid.epoch(leader.get(leader.size() - 1));
        List<Long> unseen = new ArrayList<>();
        for (long e = 1; e <= leaderLastEpoch; e++) {
            long epoch = e;
            if (leader.stream().noneMatch(z -> Zxid.epoch(z) == epoch)) {
                unseen.add(epoch);
            }
        }
        if (kind == 2 && !unseen.isEmpty()) {
            long epoch = unseen.get(random.nextInt(unseen.size()));
            List<Long> out = new ArrayList<>(leader.stream().filter(z -> Zxid.epoch(z) < epoch).toList());
            return extend(random, out, Zxid.of(epoch, 0));
        }
        return new ArrayList<>(leader.subList(0, random.nextInt(leader.size() + 1)));
    }

    private static List<Long> extend(Random random, List<Long> log, long after) {
        long zxid = after;
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            log.add(++zxid);
        }
        return log;
    }

    private static List<Long> carryOut(SyncPlan plan, List<Long> learner, List<Long> leader) {
        List<Long> result = new ArrayList<>(learner);
        long from;
        if (plan instanceof SyncPlan.Snap) {
            return new ArrayList<>(leader);
        } else if (plan instanceof SyncPlan.TruncThenDiff t) {
            result.removeIf(zxid -> zxid > t.truncZxid());
            from = t.truncZxid();
        } else {
            from = ((SyncPlan.Diff) plan).afterZxid();
        }
        for (long zxid : leader) {
            if (zxid > from) {
                result.add(zxid);
            }
        }
        return result;
    }

    private static List<Long> history(Random random, long firstEpoch, long start) {
        List<Long> out = new ArrayList<>();
        long epoch = firstEpoch;
        for (int i = 0, n = random.nextInt(12); i < n; i++) {
            if (random.nextInt(4) == 0) {
                epoch += 1 + random.nextInt(2);
                out.add(Zxid.of(epoch, 1));
            } else {
                out.add(out.isEmpty() ? Zxid.of(epoch, 1) : out.get(out.size() - 1) + 1);
            }
        }
        return out;
    }

    private static String hex(List<Long> zxids) {
        return zxids.stream().map(Zxid::toHex).toList().toString();
    }
}
