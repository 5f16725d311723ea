package io.warden.persistence.tree;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Set;

/** A persistent hash set of Strings (paths) over {@link HashTrie}, for the tree's indexes. */
final class PSet {
    static final PSet EMPTY = new PSet(null, 0);

    private static final HashTrie.Spec<String, String> SPEC = new HashTrie.Spec<>() {
        @Override
        public int hash(String element) {
            return PMap.hashOf(element);
        }

        @Override
        public boolean matches(String element, String key) {
            return element.equals(key);
        }

        @Override
        public String key(String element) {
            return element;
        }
    };

    private final Object trie;
    private final int size;

    private PSet(Object trie, int size) {
        this.trie = trie;
        this.size = size;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean contains(String element) {
        return HashTrie.get(trie, element, PMap.hashOf(element), SPEC) != null;
    }

    PSet add(String element) {
        if (contains(element)) {
            return this;
        }
        return new PSet(HashTrie.put(trie, element, SPEC), size + 1);
    }

    PSet remove(String element) {
        Object newTrie = HashTrie.remove(trie, element, PMap.hashOf(element), SPEC);
        return newTrie == trie ? this : new PSet(newTrie, size - 1);
    }

    /** A read-only {@link Set} view, O(1) to create. */
    Set<String> asSet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return HashTrie.iterator(trie);
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof String s && PSet.this.contains(s);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
