package io.warden.persistence.tree;

import io.warden.api.data.EphemeralType;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The full, slow consistency check of a tree: recounts and rehashes everything and compares
 * with the incrementally kept values. Used after restore and by tests; apply keeps the cheap
 * invariants on every txn.
 */
final class InvariantChecker {
    private InvariantChecker() {
    }

    static void check(DataTree tree) {
        int[] nodes = {0};
        long[] dataSize = {0};
        Map<AclList, Integer> aclUse = new HashMap<>();
        Map<Long, Set<String>> ephemerals = new HashMap<>();
        Set<String> containers = new HashSet<>();
        Set<String> ttls = new HashSet<>();
        Set<String> quotas = new HashSet<>();
        tree.walk((path, node) -> {
            String quotaPath = Quotas.quotaPathSetBy(path);
            if (quotaPath != null) {
                quotas.add(quotaPath);
            }
            nodes[0]++;
            require(node.data != null, path + ": data array is null (null data must be the NULL_DATA sentinel)");
            dataSize[0] += path.length() + node.data.length;
            aclUse.merge(node.acl, 1, Integer::sum);
            int counted = HashTrie.count(node.children);
            require(counted == node.numChildren, path + ": numChildren " + node.numChildren + " but " + counted + " children");
            node.forEachChild(child -> {
                require(child.name.length > 0, path + ": a child has an empty name");
                require(ChildTrie.get(node.children, child.name) == child, path + ": child "
                        + Names.decode(child.name) + " is not where its hash puts it");
            });
            switch (EphemeralType.of(node.ephemeralOwner, true)) {
                case VOID -> {
                }
                case CONTAINER -> containers.add(path);
                case TTL -> ttls.add(path);
                case NORMAL -> {
                    require(node.numChildren == 0, path + ": ephemeral with children");
                    ephemerals.computeIfAbsent(node.ephemeralOwner, k -> new HashSet<>()).add(path);
                }
            }
        });
        require(nodes[0] == tree.nodeCount, "nodeCount " + tree.nodeCount + " but " + nodes[0] + " nodes");
        require(dataSize[0] == tree.approximateDataSize, "approximate data size " + tree.approximateDataSize
                + " but counted " + dataSize[0]);
        require(containers.equals(tree.containers()), "container index differs from the nodes");
        require(ttls.equals(tree.ttls()), "TTL index differs from the nodes");
        require(quotas.equals(tree.quotaPaths()), "quota paths differ from the limits nodes");
        require(ephemerals.equals(tree.ephemerals()), "ephemeral index differs from the nodes");
        int ephemeralCount = ephemerals.values().stream().mapToInt(Set::size).sum();
        require(ephemeralCount == tree.ephemeralCount, "ephemeralCount " + tree.ephemeralCount
                + " but " + ephemeralCount);
        Map<AclList, Integer> refs = new HashMap<>();
        tree.aclRefs.forEach(refs::put);
        require(refs.equals(aclUse), "ACL reference counts differ from the nodes");
        aclUse.keySet().forEach(acl -> require(tree.aclRefs.entry(acl).getKey() == acl,
                "ACL " + acl + " is not interned"));
        long digest = tree.recomputeDigest();
        require(digest == tree.digest, "digest 0x" + Long.toHexString(tree.digest) + " but recomputed 0x"
                + Long.toHexString(digest));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("data tree invariant broken: " + message);
        }
    }
}
