package io.warden.persistence.tree;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A node's children: a {@link HashTrie} of DataNodes keyed by their UTF-8 name. Looking a child
 * up by a segment of a path allocates nothing for ASCII names.
 */
final class ChildTrie {
    /** A lookup key: the segment {@code path[from, to)}. */
    private record Segment(String path, int from, int to) {
    }

    static final HashTrie.Spec<DataNode, Object> SPEC = new HashTrie.Spec<>() {
        @Override
        public int hash(DataNode element) {
            return Names.hash(element.name);
        }

        @Override
        public boolean matches(DataNode element, Object key) {
            if (key instanceof Segment segment) {
                return Names.matches(element.name, segment.path, segment.from, segment.to);
            }
            return Arrays.equals(element.name, (byte[]) key);
        }

        @Override
        public Object key(DataNode element) {
            return element.name;
        }
    };

    private ChildTrie() {
    }

    /** The child named {@code path[from, to)}, or null. */
    static DataNode get(Object trie, String path, int from, int to) {
        if (trie == null) {
            return null;
        }
        return HashTrie.get(trie, new Segment(path, from, to), Names.hash(path, from, to), SPEC);
    }

    static DataNode get(Object trie, byte[] name) {
        return HashTrie.get(trie, name, Names.hash(name), SPEC);
    }

    /** Adds the child, or replaces the child of the same name. */
    static Object put(Object trie, DataNode child) {
        return HashTrie.put(trie, child, SPEC);
    }

    /** Removes the named child; the same instance when there was none. */
    static Object remove(Object trie, byte[] name) {
        return HashTrie.remove(trie, name, Names.hash(name), SPEC);
    }

    static void forEach(Object trie, Consumer<DataNode> action) {
        HashTrie.forEach(trie, action);
    }

    /** Builds the trie of distinct-named children in one pass. */
    static Object build(DataNode[] children) {
        return HashTrie.build(children, SPEC);
    }
}
