package io.warden.persistence.prep;

import io.warden.api.data.Code;
import io.warden.persistence.tree.DataNode;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.tree.Quotas;
import io.warden.persistence.tree.StatsTrack;

import java.util.List;
import java.util.Optional;

/**
 * ZooKeeper's quota enforcement ({@code zookeeper.enforceQuota}, ZooKeeperServer.checkQuota): a
 * create or setData that would take the deepest quota above its path past a hard limit fails with
 * QUOTA_EXCEEDED; past a soft limit it goes through with a warning. Off, nothing is checked
 * (the stats are kept either way, by the tree).
 *
 * <p>ZooKeeper's rules, kept exactly: only the deepest quota path counts; a count limit is
 * checked only when the count changes (creates), a byte limit only when the bytes change; when a
 * hard limit is set it alone decides and the soft one of the same kind is not looked at; the
 * count is checked before the bytes; a missing limits or stats node means no check.
 *
 * <p>One difference, on purpose: ZooKeeper compares with the committed stats, so writes in
 * flight together (the ops of one multi, or pipelined creates) are each checked as if alone and
 * can together pass a hard limit. Here the check reads the tree preparation sees, which includes
 * every write prepared before and the multi's earlier ops, so a hard limit is never passed.
 * Limits or stats data ZooKeeper cannot parse (it fails such a write with an internal error)
 * mean no check here.
 */
final class QuotaCheck {
    private final boolean enforce;

    QuotaCheck(boolean enforce) {
        this.enforce = enforce;
    }

    /**
     * Checks a write to {@code path} that changes its quota's count and bytes by the given
     * differences; throws a QUOTA_EXCEEDED {@link Rejection} (path: the quota path) past a hard
     * limit, adds ZooKeeper's log line to {@code warnings} past a soft one.
     */
    void check(DataTree tree, String path, long countDiff, long bytesDiff, List<String> warnings) {
        if (!enforce) {
            return;
        }
        String quotaPath = tree.quotaPathFor(path).orElse(null);
        if (quotaPath == null) {
            return;
        }
        StatsTrack limits = record(tree, Quotas.limitPath(quotaPath)).orElse(null);
        if (limits == null) {
            return;
        }
        boolean checkCount = countDiff != 0 && (limits.count() > -1 || limits.countHardLimit() > -1);
        boolean checkBytes = bytesDiff != 0 && (limits.bytes() > -1 || limits.byteHardLimit() > -1);
        if (!checkCount && !checkBytes) {
            return;
        }
        StatsTrack stats = record(tree, Quotas.statPath(quotaPath)).orElse(null);
        if (stats == null) {
            return;
        }
        if (checkCount) {
            limit(quotaPath, "count", "Count", stats.count() + countDiff, limits.countHardLimit(), limits.count(),
                    warnings);
        }
        if (checkBytes) {
            limit(quotaPath, "bytes", "Byte", stats.bytes() + bytesDiff, limits.byteHardLimit(), limits.bytes(),
                    warnings);
        }
    }

    private static void limit(String quotaPath, String measure, String kind, long newValue, long hardLimit,
                              long softLimit, List<String> warnings) {
        boolean hard = hardLimit > -1;
        long limit = hard ? hardLimit : softLimit;
        if (newValue <= limit) {
            return;
        }
        // ZooKeeper's log line, word for word, so that operators' log alerts keep matching.
        String message = "Quota exceeded: " + quotaPath + " [current " + measure + "=" + newValue + ", "
                + (hard ? "hard" : "soft") + kind + "Limit=" + limit + "]";
        warnings.add(message);
        if (hard) {
            throw new Rejection(Code.QUOTA_EXCEEDED, quotaPath);
        }
    }

    private static Optional<StatsTrack> record(DataTree tree, String path) {
        Optional<DataNode> node = tree.node(path);
        return node.isEmpty() ? Optional.empty() : StatsTrack.parse(node.get().sharedData());
    }
}
