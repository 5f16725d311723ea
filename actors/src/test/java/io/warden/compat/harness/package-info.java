/**
 * The harness of the compatibility suite: which servers are judged ({@link
 * io.warden.compat.harness.Targets}), how each is started ({@link
 * io.warden.compat.harness.ServerUnderTest}), the JUnit extension that shares one server per
 * test class ({@link io.warden.compat.harness.Compat}), and raw-socket tools for what the stock
 * client will not do (four-letter words, malformed frames, a cuttable TCP relay).
 *
 * <p>Rules kept here: nothing in this package names a test expectation; a target either honours
 * a {@link io.warden.compat.harness.ServerSettings} value or fails to start; every wait is
 * bounded by {@link io.warden.compat.harness.Compat#TIMEOUT_SECONDS}; no sleeps.
 */
package io.warden.compat.harness;
