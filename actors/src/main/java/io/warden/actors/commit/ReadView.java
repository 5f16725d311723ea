package io.warden.actors.commit;

import io.warden.persistence.tree.DataTree;
import java.util.Objects;

/**
 * The tree that local reads are served from: the latest committed and applied state. Written
 * only by the commit stage, read by any session without locking (the tree is immutable).
 */
public final class ReadView {
    private volatile DataTree tree;

    public ReadView(DataTree initial) {
        this.tree = Objects.requireNonNull(initial, "initial");
    }

    public DataTree current() {
        return tree;
    }

    void publish(DataTree next) {
        DataTree previous = tree;
        if (next.lastProcessedZxid() < previous.lastProcessedZxid()) {
            throw new IllegalStateException("read view must never go back: "
                    + Long.toHexString(previous.lastProcessedZxid()) + " -> " + Long.toHexString(next.lastProcessedZxid()));
        }
        tree = next;
    }
}
