package io.warden.actors.watch;

/** The kinds of watch a connection can hold on one path; each is one bit in a registration mask. */
public enum WatchKind {
    /** One-shot, set by getData, and by exists on a node that exists. */
    DATA(1),
    /** One-shot, set by exists on a node that does not exist; fires on its creation. */
    EXIST(2),
    /** One-shot, set by getChildren. */
    CHILD(4),
    /** addWatch PERSISTENT: every event on the path, kept after firing. */
    PERSISTENT(8),
    /** addWatch PERSISTENT_RECURSIVE: created/deleted/data events on the path and below. */
    PERSISTENT_RECURSIVE(16);

    final int bit;

    WatchKind(int bit) {
        this.bit = bit;
    }
}
