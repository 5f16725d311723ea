package io.warden.persistence.tree;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A small persistent hash map over {@link HashTrie} for the tree's side tables (sessions,
 * ephemerals, ACL reference counts). Keys must have a specified hashCode (Long, String, records
 * of those, AclList) so the iteration order, and with it the snapshot bytes, is the same on
 * every JVM.
 */
final class PMap<K, V> {
    private static final PMap<?, ?> EMPTY = new PMap<>(null, 0);

    private record Entry<K, V>(K key, V value) implements Map.Entry<K, V> {
        @Override
        public K getKey() {
            return key;
        }

        @Override
        public V getValue() {
            return value;
        }

        @Override
        public V setValue(V value) {
            throw new UnsupportedOperationException("immutable");
        }
    }

    private static final HashTrie.Spec<Entry<Object, Object>, Object> SPEC = new HashTrie.Spec<>() {
        @Override
        public int hash(Entry<Object, Object> element) {
            return hashOf(element.key);
        }

        @Override
        public boolean matches(Entry<Object, Object> element, Object key) {
            return element.key.equals(key);
        }

        @Override
        public Object key(Entry<Object, Object> element) {
            return element.key;
        }
    };

    private final Object trie;
    private final int size;

    private PMap(Object trie, int size) {
        this.trie = trie;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <K, V> PMap<K, V> empty() {
        return (PMap<K, V>) EMPTY;
    }

    static int hashOf(Object key) {
        return Hashing.spread(key.hashCode());
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    V get(K key) {
        Map.Entry<K, V> entry = entry(key);
        return entry == null ? null : entry.getValue();
    }

    /** The stored entry: its key is the first-inserted instance (the interned one). */
    @SuppressWarnings("unchecked")
    Map.Entry<K, V> entry(K key) {
        return (Map.Entry<K, V>) (Object) HashTrie.get(trie, key, hashOf(key), spec());
    }

    boolean containsKey(K key) {
        return entry(key) != null;
    }

    PMap<K, V> put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Map.Entry<K, V> existing = entry(key);
        K storedKey = existing == null ? key : existing.getKey();
        Object newTrie = HashTrie.put(trie, new Entry<>((Object) storedKey, (Object) value), spec());
        return new PMap<>(newTrie, existing == null ? size + 1 : size);
    }

    PMap<K, V> remove(K key) {
        Object newTrie = HashTrie.remove(trie, key, hashOf(key), spec());
        return newTrie == trie ? this : new PMap<>(newTrie, size - 1);
    }

    void forEach(BiConsumer<? super K, ? super V> action) {
        HashTrie.<Entry<K, V>>forEach(trie, e -> action.accept(e.key, e.value));
    }

    /** A read-only {@link Map} view, O(1) to create. */
    Map<K, V> asMap() {
        return new AbstractMap<>() {
            @Override
            public Set<Map.Entry<K, V>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Map.Entry<K, V>> iterator() {
                        return HashTrie.iterator(trie);
                    }

                    @Override
                    public int size() {
                        return size;
                    }
                };
            }

            @Override
            @SuppressWarnings("unchecked")
            public V get(Object key) {
                return key == null ? null : PMap.this.get((K) key);
            }

            @Override
            @SuppressWarnings("unchecked")
            public boolean containsKey(Object key) {
                return key != null && PMap.this.containsKey((K) key);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <K, V> HashTrie.Spec<Entry<Object, Object>, Object> spec() {
        return SPEC;
    }
}
