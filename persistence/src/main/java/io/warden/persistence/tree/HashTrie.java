package io.warden.persistence.tree;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * A persistent hash trie in the CHAMP layout (compressed hash-array mapped prefix tree): each
 * level consumes 5 bits of a 32-bit hash, a node keeps its elements first and its sub-tries
 * last in one array, and removal re-inlines single elements so equal contents have one shape.
 * Elements carry their own key (a {@link Spec} extracts and compares it), so a child map costs
 * one reference per child and no entry objects. An empty trie is {@code null}.
 *
 * <p>Why our own: it lets the data tree store a bare DataNode per child slot, which is where
 * most of the per-znode memory goes (see docs/adr/0003).
 */
final class HashTrie {
    private static final int BITS = 5;
    private static final int MASK = (1 << BITS) - 1;

    private HashTrie() {
    }

    /** How a trie finds the key of its elements. */
    interface Spec<E, K> {
        int hash(E element);

        /** True when the element's key equals {@code key}. */
        boolean matches(E element, K key);

        K key(E element);
    }

    /** An inner node: elements for the bits in dataMap, then sub-tries for nodeMap, reversed. */
    static final class Node {
        final int dataMap;
        final int nodeMap;
        final Object[] slots;

        Node(int dataMap, int nodeMap, Object[] slots) {
            this.dataMap = dataMap;
            this.nodeMap = nodeMap;
            this.slots = slots;
        }
    }

    /** Elements whose 32-bit hashes are equal, below the last level. */
    static final class Collision {
        final int hash;
        final Object[] elements;

        Collision(int hash, Object[] elements) {
            this.hash = hash;
            this.elements = elements;
        }
    }

    @SuppressWarnings("unchecked")
    static <E, K> E get(Object trie, K key, int hash, Spec<E, K> spec) {
        Object current = trie;
        int shift = 0;
        while (current != null) {
            if (current instanceof Node node) {
                int bit = bit(hash, shift);
                if ((node.dataMap & bit) != 0) {
                    E element = (E) node.slots[index(node.dataMap, bit)];
                    return spec.matches(element, key) ? element : null;
                }
                if ((node.nodeMap & bit) == 0) {
                    return null;
                }
                current = node.slots[node.slots.length - 1 - index(node.nodeMap, bit)];
                shift += BITS;
            } else {
                Collision collision = (Collision) current;
                if (collision.hash != hash) {
                    return null;
                }
                for (Object element : collision.elements) {
                    if (spec.matches((E) element, key)) {
                        return (E) element;
                    }
                }
                return null;
            }
        }
        return null;
    }

    /** The trie with {@code element} added, or replacing the element with the same key. */
    static <E, K> Object put(Object trie, E element, Spec<E, K> spec) {
        int hash = spec.hash(element);
        if (trie == null) {
            return new Node(bit(hash, 0), 0, new Object[] {element});
        }
        return put(trie, element, hash, 0, spec);
    }

    @SuppressWarnings("unchecked")
    private static <E, K> Object put(Object trie, E element, int hash, int shift, Spec<E, K> spec) {
        if (trie instanceof Collision collision) {
            K key = spec.key(element);
            Object[] elements = collision.elements;
            for (int i = 0; i < elements.length; i++) {
                if (spec.matches((E) elements[i], key)) {
                    Object[] copy = elements.clone();
                    copy[i] = element;
                    return new Collision(hash, copy);
                }
            }
            Object[] grown = Arrays.copyOf(elements, elements.length + 1);
            grown[elements.length] = element;
            return new Collision(hash, grown);
        }
        Node node = (Node) trie;
        int bit = bit(hash, shift);
        if ((node.dataMap & bit) != 0) {
            int index = index(node.dataMap, bit);
            E existing = (E) node.slots[index];
            if (spec.matches(existing, spec.key(element))) {
                Object[] copy = node.slots.clone();
                copy[index] = element;
                return new Node(node.dataMap, node.nodeMap, copy);
            }
            Object sub = pair(existing, spec.hash(existing), element, hash, shift + BITS);
            return dataToNode(node, bit, sub);
        }
        if ((node.nodeMap & bit) != 0) {
            int slot = node.slots.length - 1 - index(node.nodeMap, bit);
            Object sub = node.slots[slot];
            Object copySub = put(sub, element, hash, shift + BITS, spec);
            Object[] copy = node.slots.clone();
            copy[slot] = copySub;
            return new Node(node.dataMap, node.nodeMap, copy);
        }
        int index = index(node.dataMap, bit);
        Object[] copy = new Object[node.slots.length + 1];
        System.arraycopy(node.slots, 0, copy, 0, index);
        copy[index] = element;
        System.arraycopy(node.slots, index, copy, index + 1, node.slots.length - index);
        return new Node(node.dataMap | bit, node.nodeMap, copy);
    }

    private static Object pair(Object a, int hashA, Object b, int hashB, int shift) {
        if (shift >= Integer.SIZE) {
            return new Collision(hashA, new Object[] {a, b});
        }
        int bitA = bit(hashA, shift);
        int bitB = bit(hashB, shift);
        if (bitA == bitB) {
            return new Node(0, bitA, new Object[] {pair(a, hashA, b, hashB, shift + BITS)});
        }
        Object[] slots = Integer.compareUnsigned(bitA, bitB) < 0 ? new Object[] {a, b} : new Object[] {b, a};
        return new Node(bitA | bitB, 0, slots);
    }

    /** Replaces the element at {@code bit} by the sub-trie {@code sub}. */
    private static Node dataToNode(Node node, int bit, Object sub) {
        int dataIndex = index(node.dataMap, bit);
        int newNodeMap = node.nodeMap | bit;
        int nodeSlot = node.slots.length - 1 - index(newNodeMap, bit);
        Object[] copy = new Object[node.slots.length];
        System.arraycopy(node.slots, 0, copy, 0, dataIndex);
        System.arraycopy(node.slots, dataIndex + 1, copy, dataIndex, nodeSlot - dataIndex);
        copy[nodeSlot] = sub;
        System.arraycopy(node.slots, nodeSlot + 1, copy, nodeSlot + 1, node.slots.length - nodeSlot - 1);
        return new Node(node.dataMap ^ bit, newNodeMap, copy);
    }

    /** Replaces the sub-trie at {@code bit} by the single element it shrank to. */
    private static Node nodeToData(Node node, int bit, Object element) {
        int nodeSlot = node.slots.length - 1 - index(node.nodeMap, bit);
        int newDataMap = node.dataMap | bit;
        int dataIndex = index(newDataMap, bit);
        Object[] copy = new Object[node.slots.length];
        System.arraycopy(node.slots, 0, copy, 0, dataIndex);
        copy[dataIndex] = element;
        System.arraycopy(node.slots, dataIndex, copy, dataIndex + 1, nodeSlot - dataIndex);
        System.arraycopy(node.slots, nodeSlot + 1, copy, nodeSlot + 1, node.slots.length - nodeSlot - 1);
        return new Node(newDataMap, node.nodeMap ^ bit, copy);
    }

    /**
     * The trie without the element of {@code key}: the same instance when absent, null when it
     * becomes empty.
     */
    static <E, K> Object remove(Object trie, K key, int hash, Spec<E, K> spec) {
        return trie == null ? null : normalizeRoot(remove(trie, key, hash, 0, spec), spec);
    }

    @SuppressWarnings("unchecked")
    private static <E, K> Object remove(Object trie, K key, int hash, int shift, Spec<E, K> spec) {
        if (trie instanceof Collision collision) {
            Object[] elements = collision.elements;
            for (int i = 0; i < elements.length; i++) {
                if (spec.matches((E) elements[i], key)) {
                    if (elements.length == 2) {
                        return new Node(0, 0, new Object[] {elements[1 - i]}); // inlined by the caller
                    }
                    Object[] copy = new Object[elements.length - 1];
                    System.arraycopy(elements, 0, copy, 0, i);
                    System.arraycopy(elements, i + 1, copy, i, elements.length - i - 1);
                    return new Collision(hash, copy);
                }
            }
            return trie;
        }
        Node node = (Node) trie;
        int bit = bit(hash, shift);
        if ((node.dataMap & bit) != 0) {
            int index = index(node.dataMap, bit);
            if (!spec.matches((E) node.slots[index], key)) {
                return trie;
            }
            if (node.slots.length == 1) {
                return null;
            }
            Object[] copy = new Object[node.slots.length - 1];
            System.arraycopy(node.slots, 0, copy, 0, index);
            System.arraycopy(node.slots, index + 1, copy, index, node.slots.length - index - 1);
            return new Node(node.dataMap ^ bit, node.nodeMap, copy);
        }
        if ((node.nodeMap & bit) == 0) {
            return trie;
        }
        int slot = node.slots.length - 1 - index(node.nodeMap, bit);
        Object sub = node.slots[slot];
        Object newSub = remove(sub, key, hash, shift + BITS, spec);
        if (newSub == sub) {
            return trie;
        }
        if (newSub == null) {
            throw new IllegalStateException("hash trie not canonical: a sub-trie held one element");
        }
        Object single = singleElement(newSub);
        if (single != null) {
            if (node.slots.length == 1) {
                // This node only led to the sub-trie: shrink to the element, the parent inlines it.
                return new Node(0, 0, new Object[] {single});
            }
            return nodeToData(node, bit, single);
        }
        Object[] copy = node.slots.clone();
        copy[slot] = newSub;
        return new Node(node.dataMap, node.nodeMap, copy);
    }

    /** The only element of a trie that holds exactly one, else null. */
    private static Object singleElement(Object trie) {
        if (trie instanceof Node node && node.nodeMap == 0 && node.slots.length == 1) {
            return node.slots[0];
        }
        return null;
    }

    /** Root fix-up after remove: a root that shrank to an unplaced single element is re-placed. */
    private static <E, K> Object normalizeRoot(Object trie, Spec<E, K> spec) {
        if (trie instanceof Node node && node.dataMap == 0 && node.nodeMap == 0) {
            @SuppressWarnings("unchecked")
            E element = (E) node.slots[0];
            return put(null, element, spec);
        }
        return trie;
    }

    @SuppressWarnings("unchecked")
    static <E> void forEach(Object trie, Consumer<? super E> action) {
        if (trie == null) {
            return;
        }
        if (trie instanceof Collision collision) {
            for (Object element : collision.elements) {
                action.accept((E) element);
            }
            return;
        }
        Node node = (Node) trie;
        int elements = Integer.bitCount(node.dataMap);
        for (int i = 0; i < elements; i++) {
            action.accept((E) node.slots[i]);
        }
        // Same order as the iterator: slots in array order.
        for (int i = elements; i < node.slots.length; i++) {
            forEach(node.slots[i], action);
        }
    }

    /** Counts the elements (a full walk; for invariant checks). */
    static int count(Object trie) {
        int[] count = {0};
        forEach(trie, e -> count[0]++);
        return count[0];
    }

    static <E> Iterator<E> iterator(Object trie) {
        return new TrieIterator<>(trie);
    }

    /** Depth-first iterator with an explicit stack: tries are shallow, but never recurse here. */
    private static final class TrieIterator<E> implements Iterator<E> {
        private final ArrayDeque<Object[]> arrays = new ArrayDeque<>();
        private final ArrayDeque<int[]> cursors = new ArrayDeque<>();
        private Object next;

        TrieIterator(Object trie) {
            if (trie != null) {
                pushTrie(trie);
            }
            advance();
        }

        private void pushTrie(Object trie) {
            if (trie instanceof Collision collision) {
                arrays.push(collision.elements);
                cursors.push(new int[] {0, collision.elements.length});
            } else {
                Node node = (Node) trie;
                arrays.push(node.slots);
                cursors.push(new int[] {0, Integer.bitCount(node.dataMap)});
            }
        }

        private void advance() {
            next = null;
            while (!arrays.isEmpty()) {
                Object[] slots = arrays.peek();
                int[] cursor = cursors.peek();
                int position = cursor[0]++;
                if (position < slots.length) {
                    if (position < cursor[1]) {
                        next = slots[position];
                        return;
                    }
                    pushTrie(slots[position]);
                } else {
                    arrays.pop();
                    cursors.pop();
                }
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public E next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            E result = (E) next;
            advance();
            return result;
        }
    }

    /** Builds a trie in one pass (snapshot restore); throws IllegalArgumentException on a duplicate key. */
    static <E, K> Object build(Object[] elements, Spec<E, K> spec) {
        if (elements.length == 0) {
            return null;
        }
        int[] hashes = new int[elements.length];
        for (int i = 0; i < elements.length; i++) {
            @SuppressWarnings("unchecked")
            E element = (E) elements[i];
            hashes[i] = spec.hash(element);
        }
        return build(elements.clone(), hashes, 0, elements.length, 0, spec);
    }

    @SuppressWarnings("unchecked")
    private static <E, K> Object build(Object[] elements, int[] hashes, int from, int to, int shift, Spec<E, K> spec) {
        if (shift >= Integer.SIZE) {
            // Equal keys have equal hashes, so duplicates can only meet here.
            for (int i = from; i < to; i++) {
                for (int j = i + 1; j < to; j++) {
                    if (spec.matches((E) elements[j], spec.key((E) elements[i]))) {
                        throw new IllegalArgumentException("duplicate key " + spec.key((E) elements[i]));
                    }
                }
            }
            return new Collision(hashes[from], Arrays.copyOfRange(elements, from, to));
        }
        sortByChunk(elements, hashes, from, to, shift);
        int dataMap = 0;
        int nodeMap = 0;
        for (int i = from; i < to; ) {
            int chunk = (hashes[i] >>> shift) & MASK;
            int end = i + 1;
            while (end < to && ((hashes[end] >>> shift) & MASK) == chunk) {
                end++;
            }
            if (end - i == 1) {
                dataMap |= 1 << chunk;
            } else {
                nodeMap |= 1 << chunk;
            }
            i = end;
        }
        Object[] slots = new Object[Integer.bitCount(dataMap) + Integer.bitCount(nodeMap)];
        int data = 0;
        int sub = slots.length - 1;
        for (int i = from; i < to; ) {
            int chunk = (hashes[i] >>> shift) & MASK;
            int end = i + 1;
            while (end < to && ((hashes[end] >>> shift) & MASK) == chunk) {
                end++;
            }
            if (end - i == 1) {
                slots[data++] = elements[i];
            } else {
                slots[sub--] = build(elements, hashes, i, end, shift + BITS, spec);
            }
            i = end;
        }
        return new Node(dataMap, nodeMap, slots);
    }

    /** Counting sort of [from, to) by the 5-bit chunk at {@code shift}. */
    private static void sortByChunk(Object[] elements, int[] hashes, int from, int to, int shift) {
        int[] starts = new int[MASK + 2];
        for (int i = from; i < to; i++) {
            starts[((hashes[i] >>> shift) & MASK) + 1]++;
        }
        for (int c = 0; c <= MASK; c++) {
            starts[c + 1] += starts[c];
        }
        Object[] sortedElements = new Object[to - from];
        int[] sortedHashes = new int[to - from];
        for (int i = from; i < to; i++) {
            int at = starts[(hashes[i] >>> shift) & MASK]++;
            sortedElements[at] = elements[i];
            sortedHashes[at] = hashes[i];
        }
        System.arraycopy(sortedElements, 0, elements, from, to - from);
        System.arraycopy(sortedHashes, 0, hashes, from, to - from);
    }

    private static int bit(int hash, int shift) {
        return 1 << ((hash >>> shift) & MASK);
    }

    private static int index(int bitmap, int bit) {
        return Integer.bitCount(bitmap & (bit - 1));
    }
}
