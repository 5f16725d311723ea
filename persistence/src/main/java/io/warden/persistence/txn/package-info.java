/**
 * Transactions: the replicated state changes of the data tree, as the leader prepared them.
 *
 * <p>A {@link io.warden.persistence.txn.Txn} is a header (session, cxid, zxid, leader time)
 * and a {@link io.warden.persistence.txn.TxnBody}, one record per kind of ZooKeeper state
 * change. {@link io.warden.persistence.txn.TxnCodec} is their compact binary form, the form the
 * event-sourced log persists.
 *
 * <p>Rules kept here: every txn is an immutable value (byte arrays are compared by content and
 * copied out; znode data is taken without a copy, so its producer must not touch the array
 * afterwards, and the write path hands it on through {@code sharedData()}); a txn carries every input its application needs, including the leader's
 * time, so applying it is deterministic; integer opcodes exist only inside the codec, and decoding
 * never returns a txn that differs from the one encoded (garbage is rejected with an exception).
 */
package io.warden.persistence.txn;
