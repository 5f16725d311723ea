package io.warden.persistence.tree;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link DataTree#apply}: the tree after the txn, the reply, and the watch events
 * fired, in firing order.
 */
public record ApplyResult(DataTree tree, TxnResult result, List<WatchTrigger> triggers) {
    public ApplyResult {
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(result, "result");
        triggers = List.copyOf(triggers);
    }
}
