package io.warden.persistence.tree;

import io.warden.api.data.Paths;

/**
 * ZooKeeper's quota layout. A path P has a quota while {@code /zookeeper/quota/P/zookeeper_limits}
 * exists (its data: the limits, a {@link StatsTrack}); {@code /zookeeper/quota/P/zookeeper_stats}
 * holds P's live count of nodes and bytes of data, P included. The tree keeps the set of quota
 * paths (ZooKeeper's PathTrie) and the stats; preparation reads both to enforce hard limits.
 *
 * <p>The rules, as ZooKeeper 3.9's DataTree applies them:
 * <ul>
 *   <li>creating a limits node makes its P a quota path; deleting it ends that (a setData of it
 *       changes only the limits). Quota paths may nest; nothing checks here that P exists;</li>
 *   <li>creating a stats node recounts P's subtree into it at once, whatever data the create
 *       carried (zkCli writes {@code count=0,bytes=0} and reads back the real count);</li>
 *   <li>every create, delete and setData of a node at or below a quota path moves the stats of
 *       the deepest such path only, by its change in count and data bytes. The stats node keeps
 *       its Stat (version, mzxid, mtime): only its data changes, and no watch fires;</li>
 *   <li>a missing stats node, or stats data ZooKeeper itself could not parse, is left alone.</li>
 * </ul>
 */
public final class Quotas {
    /** Where quotas live; ZooKeeper creates it in every tree. */
    public static final String QUOTA_ROOT = "/zookeeper/quota";
    public static final String LIMITS_NODE = "zookeeper_limits";
    public static final String STATS_NODE = "zookeeper_stats";

    private static final String QUOTA_PREFIX = QUOTA_ROOT + "/";

    private Quotas() {
    }

    /** {@code /zookeeper/quota<path>/zookeeper_limits}. */
    public static String limitPath(String path) {
        return QUOTA_ROOT + path + "/" + LIMITS_NODE;
    }

    /** {@code /zookeeper/quota<path>/zookeeper_stats}. */
    public static String statPath(String path) {
        return QUOTA_ROOT + path + "/" + STATS_NODE;
    }

    /**
     * The quota path a limits or stats node whose parent is {@code parentPath} belongs to, or null
     * when the parent is not below {@code /zookeeper/quota}.
     */
    static String quotaPathOf(String parentPath) {
        return parentPath.startsWith(QUOTA_PREFIX) ? parentPath.substring(QUOTA_ROOT.length()) : null;
    }

    /**
     * The quota path a node at {@code path} sets when it is a limits node (P for
     * {@code /zookeeper/quota<P>/zookeeper_limits}), or null: the one rule from which both a
     * restored tree and the invariant check derive the set of quota paths.
     */
    static String quotaPathSetBy(String path) {
        return path.endsWith("/" + LIMITS_NODE) ? quotaPathOf(Paths.parent(path)) : null;
    }

    /**
     * The deepest quota path that is {@code path} or one of its ancestors, or null. O(depth) set
     * lookups, and none at all while there are no quotas, which is the common case.
     */
    static String deepest(PSet quotas, String path) {
        if (quotas.isEmpty()) {
            return null;
        }
        for (int end = path.length(); end > 0; end = path.lastIndexOf('/', end - 1)) {
            String prefix = end == path.length() ? path : path.substring(0, end);
            if (quotas.contains(prefix)) {
                return prefix;
            }
        }
        return null;
    }

    /** {count, bytes} of the subtree rooted at {@code node}, the node included; no recursion. */
    static long[] countSubtree(DataNode node) {
        long[] counts = new long[2];
        DataTree.forEachPreOrder(node, n -> {
            counts[0]++;
            counts[1] += n.data.length;
        });
        return counts;
    }
}
