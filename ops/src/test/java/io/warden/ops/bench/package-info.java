/**
 * Client-load benchmarks: a load generator driving the stock Apache ZooKeeper client
 * ({@link io.warden.ops.bench.LoadGenerator}) and a runner that measures Apache ZooKeeper and
 * Warden side by side on one machine ({@link io.warden.ops.bench.SideBySide}).
 *
 * <p>Why test sources: the ZooKeeper jar is the judge of compatibility and may only be a
 * test-scope dependency, so these programs live beside the tests and run from the test
 * classpath ({@code ops/bin/warden-bench}). They are programs, never timed unit tests.
 *
 * <p>Rules kept here: every server and load generator runs in its own JVM, so no measurement
 * shares a heap, JIT or GC with Maven or with the process it measures; every run is bounded
 * by its duration and refuses non-loopback servers unless told otherwise; every process this
 * package starts is stopped by its own PID and every temp dir it makes is deleted.
 */
package io.warden.ops.bench;
