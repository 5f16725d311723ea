/**
 * The data tree: ZooKeeper's replicated state machine as an immutable, persistent value.
 *
 * <p>{@link io.warden.persistence.tree.DataTree#apply} takes a committed txn and returns the new
 * tree, the reply and the watch triggers as data. Rules kept here: no clock, no I/O, no threads,
 * no Pekko; the same txns from the same tree give the same tree and digest on every replica;
 * a multi applies all or nothing; a txn that cannot apply leaves the tree unchanged and says why
 * in its result; a broken invariant throws IllegalStateException so the peer stops instead of
 * serving wrong data.
 */
package io.warden.persistence.tree;
