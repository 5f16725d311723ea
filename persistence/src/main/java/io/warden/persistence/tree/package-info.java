/**
 * The data tree: ZooKeeper's replicated state machine as an immutable, persistent value.
 *
 * <p>What lives here: {@link io.warden.persistence.tree.DataTree} (apply and the read API),
 * {@link io.warden.persistence.tree.DataNode} (one znode), the apply outcome
 * ({@link io.warden.persistence.tree.ApplyResult}, {@link io.warden.persistence.tree.TxnResult},
 * {@link io.warden.persistence.tree.WatchTrigger}), and package-private machinery: the CHAMP
 * hash trie of children and of the side tables (sessions, ephemerals, containers, TTL nodes,
 * ACL reference counts, quota paths), the digest, the per-apply editor, snapshot restore and the
 * full invariant check. ADR 0003 explains the layout and its measured memory cost.
 * {@link io.warden.persistence.tree.Quotas} and {@link io.warden.persistence.tree.StatsTrack}:
 * ZooKeeper's quota bookkeeping, which apply keeps (stats of each quota path are derived state,
 * reproduced by replay; snapshot restore rebuilds the set of quota paths from the limits nodes).
 *
 * <p>Rules kept here: no clock, no I/O, no threads, no Pekko; the same txns from the same tree
 * give the same tree and digest on every replica (the session table is part of both); a multi
 * applies all or nothing; a txn that cannot apply leaves the tree unchanged and says why in its
 * result; a broken invariant throws IllegalStateException so the peer stops instead of serving
 * wrong data. Stat values are stored as ZooKeeper persists them and reported as ZooKeeper
 * reports them (see {@link io.warden.persistence.tree.DataNode#stat()}). Data is kept exactly as
 * the client sent it: null stays null and apart from empty (stored as a shared sentinel array, so
 * it costs no memory), with dataLength 0 for both; the digest tells them apart.
 */
package io.warden.persistence.tree;
