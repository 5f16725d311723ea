package io.warden.persistence.tree;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * HashTrie against a HashMap, with hash functions weak enough to force deep sub-tries and
 * full 32-bit collisions, which real names almost never reach.
 */
class HashTrieTest {
    /** Elements are int[]{key, value}; the hash keeps only some bits of the key. */
    private record Weak(int mask) implements HashTrie.Spec<int[], Integer> {
        @Override
        public int hash(int[] element) {
            return element[0] & mask;
        }

        @Override
        public boolean matches(int[] element, Integer key) {
            return element[0] == key;
        }

        @Override
        public Integer key(int[] element) {
            return element[0];
        }
    }

    @Provide
    static Arbitrary<Long> seeds() {
        Long fixed = Long.getLong("warden.seed");
        return fixed != null ? Arbitraries.just(fixed) : Arbitraries.longs();
    }

    @Property(tries = 200)
    void behavesLikeAMapAndKeepsOneShapePerContent(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        int[] masks = {0, 0x3, 0x7FF, 0xFFFF_FFFF, 0x8000_0001, 0x4210_8421};
        Weak spec = new Weak(masks[random.nextInt(masks.length)]);
        Map<Integer, Integer> model = new HashMap<>();
        Object trie = null;
        for (int step = 0; step < 400; step++) {
            int key = random.nextInt(64) * (random.nextBoolean() ? 1 : 0x1_0001);
            int hash = key & spec.mask;
            String where = "seed " + seed + " mask " + Integer.toHexString(spec.mask) + " step " + step;
            if (random.nextInt(3) == 0) {
                Object after = HashTrie.remove(trie, key, hash, spec);
                if (model.remove(key) == null) {
                    assertSame(trie, after, where);
                }
                trie = after;
            } else {
                int value = random.nextInt();
                trie = HashTrie.put(trie, new int[] {key, value}, spec);
                model.put(key, value);
            }
            assertEquals(model.size(), HashTrie.count(trie), where);
            if (model.isEmpty()) {
                assertNull(trie, where);
            }
        }
        for (int key = -1; key < 64 * 0x1_0001 + 1; key += random.nextInt(5000) + 1) {
            int[] found = HashTrie.get(trie, key, key & spec.mask, spec);
            Integer expected = model.get(key);
            assertEquals(expected, found == null ? null : found[1], "seed " + seed + " key " + key);
        }
        for (Map.Entry<Integer, Integer> entry : model.entrySet()) {
            int[] found = HashTrie.get(trie, entry.getKey(), entry.getKey() & spec.mask, spec);
            assertEquals(entry.getValue(), found[1], "seed " + seed);
        }
        // Canonical shape: the same content built by bulk build or in another order iterates alike.
        List<int[]> elements = new ArrayList<>();
        HashTrie.<int[]>forEach(trie, elements::add);
        List<int[]> shuffled = new ArrayList<>(elements);
        Collections.shuffle(shuffled, random);
        Object rebuilt = null;
        for (int[] element : shuffled) {
            rebuilt = HashTrie.put(rebuilt, element, spec);
        }
        Object built = HashTrie.build(shuffled.toArray(), spec);
        assertEquals(order(trie, spec), order(rebuilt, spec), "seed " + seed);
        assertEquals(order(trie, spec), order(built, spec), "seed " + seed);
        List<int[]> iterated = new ArrayList<>();
        HashTrie.<int[]>iterator(trie).forEachRemaining(iterated::add);
        assertEquals(elements, iterated, "seed " + seed + ": iterator and forEach agree");
    }

    @Property(tries = 20)
    void buildRejectsDuplicateKeys(@ForAll("seeds") long seed) {
        Weak spec = new Weak(new Random(seed).nextBoolean() ? 0 : 0xFFFF_FFFF);
        Object[] elements = {new int[] {1, 1}, new int[] {2, 2}, new int[] {1, 3}};
        assertThrows(IllegalArgumentException.class, () -> HashTrie.build(elements, spec));
    }

    /**
     * Iteration order, with each run of fully colliding keys sorted: a collision bucket keeps
     * insertion order (the same on every replica, since they insert in the same order), all
     * other placement is canonical.
     */
    private static List<Integer> order(Object trie, Weak spec) {
        List<int[]> elements = new ArrayList<>();
        HashTrie.<int[]>forEach(trie, elements::add);
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < elements.size(); ) {
            int end = i + 1;
            while (end < elements.size() && spec.hash(elements.get(end)) == spec.hash(elements.get(i))) {
                end++;
            }
            List<Integer> run = new ArrayList<>();
            elements.subList(i, end).forEach(e -> run.add(e[0]));
            Collections.sort(run);
            keys.addAll(run);
            i = end;
        }
        return keys;
    }
}
