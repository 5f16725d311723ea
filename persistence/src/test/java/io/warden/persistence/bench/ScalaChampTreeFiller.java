package io.warden.persistence.bench;

import scala.collection.immutable.HashMap;
import scala.collection.immutable.HashMap$;

/**
 * The library alternative measured for ADR 0003: the same persistent tree with each node's
 * children in Scala 2.13's immutable.HashMap (a well-kept CHAMP, already on the classpath),
 * keyed by name Strings. Node fields are the same as Warden's DataNode minus the name.
 */
final class ScalaChampTreeFiller {
    static final class Node {
        final byte[] data;
        final Object acl;
        final HashMap<String, Node> children;
        final long czxid;
        final long mzxid;
        final long pzxid;
        final long ctime;
        final long mtime;
        final long ephemeralOwner;
        final int version;
        final int cversion;
        final int aversion;
        final int numChildren;

        Node(byte[] data, Object acl, HashMap<String, Node> children, long zxid, long time, int cversion) {
            this.data = data;
            this.acl = acl;
            this.children = children;
            this.czxid = zxid;
            this.mzxid = zxid;
            this.pzxid = zxid;
            this.ctime = time;
            this.mtime = time;
            this.ephemeralOwner = 0;
            this.version = 0;
            this.cversion = cversion;
            this.aversion = 0;
            this.numChildren = children.size();
        }

        Node withChild(String name, Node child, long zxid) {
            return new Node(data, acl, children.updated(name, child), czxid, ctime, cversion + 1);
        }
    }

    private ScalaChampTreeFiller() {
    }

    static Object fill(int nodes, boolean flat, int dataBytes) {
        Object acl = new Object();
        HashMap<String, Node> none = HashMap$.MODULE$.empty();
        Node root = new Node(new byte[0], acl, none, 0, 0, 0);
        Node bench = new Node(new byte[0], acl, none, 1, 1, 0);
        int parents = flat ? 1 : 1000;
        Node[] parentNodes = new Node[parents];
        for (int p = 0; p < parents; p++) {
            parentNodes[p] = new Node(new byte[0], acl, none, 2, 2, 0);
        }
        long zxid = 10;
        for (int i = 0; i < nodes; i++) {
            byte[] data = new byte[dataBytes];
            data[i % dataBytes] = (byte) i;
            int p = i % parents;
            Node leaf = new Node(data, acl, none, ++zxid, zxid, 0);
            // Path copying as in the real tree: the parent, then its ancestors, are rebuilt.
            parentNodes[p] = parentNodes[p].withChild("n" + (i / parents), leaf, zxid);
            if (i % 10_000 == 0) {
                bench = rebuild(bench, parentNodes, flat, zxid);
                root = root.withChild("bench", bench, zxid);
            }
        }
        bench = rebuild(bench, parentNodes, flat, zxid);
        return root.withChild("bench", bench, zxid);
    }

    private static Node rebuild(Node bench, Node[] parentNodes, boolean flat, long zxid) {
        if (flat) {
            return new Node(bench.data, bench.acl, parentNodes[0].children, bench.czxid, bench.ctime, 0);
        }
        Node result = new Node(bench.data, bench.acl, HashMap$.MODULE$.empty(), bench.czxid, bench.ctime, 0);
        for (int p = 0; p < parentNodes.length; p++) {
            result = result.withChild("p" + p, parentNodes[p], zxid);
        }
        return result;
    }
}
