/**
 * Watches: who is told when a znode changes.
 *
 * <p>{@link io.warden.actors.watch.WatchRegistry} is a pure core (no Pekko, no clock, no
 * threads) owned by the one actor that applies committed txns; it is mutable and never shared.
 * Rules it keeps, ZooKeeper's: one-shot data/exist/child watches are removed when they fire;
 * persistent watches stay; recursive watches see creates, deletes and data changes anywhere
 * below their path but never child-list changes; a connection gets at most one event per
 * trigger. A registration carries the zxid of the view its read used, so a change committed
 * between that read and the registration fires the watch at once instead of being missed.
 */
package io.warden.actors.watch;
