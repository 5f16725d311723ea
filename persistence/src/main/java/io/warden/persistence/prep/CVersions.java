package io.warden.persistence.prep;

import io.warden.persistence.tree.DataNode;

/**
 * The two counters hiding in a znode's cversion. ZooKeeper stores one counter, bumped by each
 * child create only, names sequential children after it, and reports {@code 2 * counter -
 * numChildren} as the Stat's cversion: a child create or delete each add one to the reported
 * value. The tree reports that Stat value, so the create counter is recovered from it here.
 * (ZooKeeper's own "/zookeeper" reports -2 that way: counter 0, two children.)
 */
final class CVersions {
    private CVersions() {
    }

    /** The counter a sequential child of {@code parent} is named after. */
    static int sequence(DataNode parent) {
        long sum = (long) parent.cversion() + parent.numChildren();
        if ((sum & 1) != 0) {
            throw new IllegalStateException("cversion " + parent.cversion() + " and " + parent.numChildren()
                    + " children cannot come from ZooKeeper's child counter: " + parent);
        }
        return (int) (sum / 2);
    }

    /**
     * The create counter after one more child create: what a create txn carries as the parent's
     * cversion (the tree checks it against its stored counter + 1).
     */
    static int afterCreate(DataNode parent) {
        return sequence(parent) + 1;
    }
}
