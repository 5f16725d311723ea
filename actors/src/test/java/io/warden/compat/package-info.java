/**
 * The compatibility suite: the stock Apache ZooKeeper client and Curator, run against every
 * selected target (see {@link io.warden.compat.harness.Targets}), with expectations first
 * proven against Apache ZooKeeper itself. Facts an implementer needs are written up in
 * {@code docs/compat/zookeeper-behaviour.md}.
 *
 * <p>Rules kept here: test bodies never branch on the target; a test that holds for one
 * implementation only says so with an assumption and its reason. Tests sharing a server work
 * under their own {@code Compat.uniquePath()}. Expectations compare relations (zxid order,
 * versions) rather than values that differ between runs.
 */
package io.warden.compat;
