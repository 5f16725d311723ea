/**
 * Request preparation: ZooKeeper's PrepRequestProcessor as a pure core. A write request
 * ({@link io.warden.persistence.prep.WriteOp}) and its context (session, cxid, the zxid and
 * leader time to stamp, the session's ids) become a {@link io.warden.persistence.txn.Txn} to
 * propose, or an error txn carrying ZooKeeper's exact result code.
 *
 * <p>{@link io.warden.persistence.prep.RequestPreparer} decides each request against the
 * speculative tree (committed tree plus every txn prepared before it), so a request sees the
 * effects of earlier requests still in flight, and the ops of a multi see the ops before them.
 * Its owner hands it committed trees, onto which it rebases the speculative tree, so the node
 * keeps one full tree in memory (ADR 0008).
 * {@link io.warden.persistence.prep.AccessControl} holds the ACL rules (check and fix-up),
 * {@link io.warden.persistence.prep.DigestAuth} the digest scheme's id derivation,
 * {@link io.warden.persistence.prep.QuotaCheck} ZooKeeper's enforceQuota (hard limits refuse a
 * write; soft ones, like the hard one that refused, come back as warnings in
 * {@link io.warden.persistence.prep.Prepared#warnings()} for the shell to log).
 *
 * <p>Rules kept here: no Pekko, no clock, no threads, no system properties (time, zxid and
 * settings are inputs); checks run in ZooKeeper 3.9's order, since the first failing rule decides
 * the code a client sees; every request gets a txn, failures included, because ZooKeeper logs
 * failed writes and they consume a zxid; a failed multi changes nothing and reports OK for the ops
 * before the failing one, its code for that one, RUNTIME_INCONSISTENCY after it; preparation and
 * {@link io.warden.persistence.tree.DataTree#apply} must agree on every txn, and a disagreement
 * throws IllegalStateException instead of promising an outcome replicas would not reproduce.
 */
package io.warden.persistence.prep;
