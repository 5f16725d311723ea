/**
 * The compatibility suite: the stock Apache ZooKeeper client and Curator, run against every
 * selected target (see {@link io.warden.compat.harness.Targets}), with expectations first
 * proven against Apache ZooKeeper itself. Facts an implementer needs are written up in
 * {@code docs/compat/zookeeper-behaviour.md}.
 *
 * <p>Rules kept here: test bodies never branch on the target; a test that holds for one
 * implementation only says so with an assumption and its reason. The one exception is an
 * ensemble target, where what ZooKeeper's own ensemble shows too (a follower's Mode, a member
 * behind the one that answered a write) is accepted for that target only, with a comment saying
 * so; {@code EnsembleCompatTest} runs against ensemble targets alone. Tests sharing a server work
 * under their own {@code Compat.uniquePath()}. Expectations compare relations (zxid order,
 * versions) rather than values that differ between runs.
 */
package io.warden.compat;
