package io.warden.actors.zab;

import io.warden.api.data.Zxid;

import java.util.Arrays;

/**
 * Chooses DIFF, TRUNC or SNAP for a learner, from what the leader can still send as txns.
 *
 * <p>The leader's window is the txns it holds in order, {@code zxids}, building on the state at
 * {@code baseZxid} (the zxid of the last txn before the window; 0 for a log from the start).
 * The leader's history is the one the ensemble keeps: election chose it because no quorum
 * member has seen more. So:
 * <ul>
 * <li>a learner at the leader's last zxid needs nothing (an empty DIFF);</li>
 * <li>a learner past it holds proposals no quorum accepted: TRUNC to the leader's last zxid;</li>
 * <li>a learner at a zxid inside the window (or at its base) gets the txns after it;</li>
 * <li>a learner whose last zxid lies between two of the window's zxids has a txn the leader
 *     never had (an old epoch's proposal that died with its leader): TRUNC to the leader's zxid
 *     before it, then DIFF from there;</li>
 * <li>a learner before the base, or one whose DIFF would exceed {@code maxDiffTxns}, gets SNAP.</li>
 * </ul>
 */
public final class SyncPlanner {
    private SyncPlanner() {
    }

    /**
     * @param baseZxid         the zxid the window builds on
     * @param zxids            the window's zxids, strictly increasing, all above baseZxid
     * @param learnerLastZxid  the last zxid in the learner's log, committed or not
     * @param maxDiffTxns      the most txns a DIFF may carry before SNAP is cheaper
     */
    public static SyncPlan plan(long baseZxid, long[] zxids, long learnerLastZxid, int maxDiffTxns) {
        checkWindow(baseZxid, zxids);
        long leaderLast = zxids.length == 0 ? baseZxid : zxids[zxids.length - 1];
        if (learnerLastZxid == leaderLast) {
            return new SyncPlan.Diff(learnerLastZxid);
        }
        if (learnerLastZxid > leaderLast) {
            return new SyncPlan.TruncThenDiff(leaderLast);
        }
        if (learnerLastZxid < baseZxid) {
            return new SyncPlan.Snap("learner at " + Zxid.toHex(learnerLastZxid) + " is behind the leader's oldest"
                    + " txn window, which builds on " + Zxid.toHex(baseZxid));
        }
        boolean shared;
        int firstToSend;
        if (learnerLastZxid == baseZxid) {
            shared = true;
            firstToSend = 0;
        } else {
            int at = Arrays.binarySearch(zxids, learnerLastZxid);
            shared = at >= 0;
            firstToSend = shared ? at + 1 : -at - 1;
        }
        long sharedZxid = firstToSend == 0 ? baseZxid : zxids[firstToSend - 1];
        int toSend = zxids.length - firstToSend;
        if (toSend > maxDiffTxns) {
            return new SyncPlan.Snap(toSend + " txns to send exceed the diff limit of " + maxDiffTxns);
        }
        return shared ? new SyncPlan.Diff(sharedZxid) : new SyncPlan.TruncThenDiff(sharedZxid);
    }

    private static void checkWindow(long baseZxid, long[] zxids) {
        long previous = baseZxid;
        for (long zxid : zxids) {
            if (zxid <= previous) {
                throw new IllegalArgumentException("window zxids must increase above the base: " + Zxid.toHex(zxid)
                        + " after " + Zxid.toHex(previous));
            }
            previous = zxid;
        }
    }
}
