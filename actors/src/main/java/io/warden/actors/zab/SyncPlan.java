package io.warden.actors.zab;

import io.warden.api.data.Zxid;

/** How the leader brings one learner's log in line with its own, chosen by {@link SyncPlanner}. */
public sealed interface SyncPlan {

    /**
     * Send the txns after {@code afterZxid} up to the leader's last zxid (none when the learner is
     * already there).
     */
    record Diff(long afterZxid) implements SyncPlan {
    }

    /**
     * The learner holds txns the leader never had: drop its log above {@code truncZxid}, then send
     * the txns after it.
     */
    record TruncThenDiff(long truncZxid) implements SyncPlan {
        @Override
        public String toString() {
            return "TruncThenDiff[" + Zxid.toHex(truncZxid) + "]";
        }
    }

    /** Send the whole state as a snapshot; the learner replaces its tree and log. */
    record Snap(String reason) implements SyncPlan {
    }
}
