package io.warden.persistence.tree;

import java.util.function.Consumer;

/** A node's children: a persistent hash trie of DataNodes keyed by their name. */
final class ChildTrie {
    private ChildTrie() {
    }

    static void forEach(Object root, Consumer<DataNode> action) {
        if (root != null) {
            throw new UnsupportedOperationException("not yet");
        }
    }
}
