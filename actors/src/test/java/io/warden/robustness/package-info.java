/**
 * Robustness tests of the client port: a seeded fuzzer that throws random and mutated frames at
 * one real running node, and named tests for the abuse a public port sees (oversized frames,
 * silent sockets, connect floods, per-address limits, unknown opcodes, four-letter words).
 *
 * <p>Rules kept here: every randomized run prints its seed and replays from
 * {@code -Dwarden.seed=N}; the judges are the server itself staying up, the stock ZooKeeper
 * client being served throughout, and data written before the abuse coming out unchanged.
 * Sockets only ever go to the node on the loopback address, and every loop is bounded.
 */
package io.warden.robustness;
