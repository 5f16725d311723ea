/**
 * The typed, validated configuration of one Warden server: {@link io.warden.actors.config.ServerConfig}
 * and the records it is made of ({@link io.warden.actors.config.Timing},
 * {@link io.warden.actors.config.Storage}, {@link io.warden.actors.config.ClientService},
 * {@link io.warden.actors.config.Ensemble} with its {@link io.warden.actors.config.QuorumServer}s,
 * {@link io.warden.actors.config.AdminServer}, {@link io.warden.actors.config.Security},
 * {@link io.warden.actors.config.FourLetterWords}).
 *
 * <p>Rules kept here:
 * <ul>
 *   <li>Actors never parse {@code zoo.cfg}: they are handed a {@code ServerConfig}. Reading files,
 *       the {@code myid} file, system properties and ZooKeeper's key spellings is the job of
 *       {@code io.warden.ops.config}. Nothing in this package reads a file, the environment or a
 *       system property.</li>
 *   <li>Every record is immutable and checks its invariants in its compact constructor, always
 *       (not with {@code assert}), throwing {@link java.lang.IllegalArgumentException} with a
 *       message that names the setting, the bad value and the rule. A {@code ServerConfig} that
 *       exists is therefore one a server can run with.</li>
 *   <li>Defaults are ZooKeeper 3.9's, except where Warden deliberately differs (TTL nodes are on:
 *       {@code extendedTypesEnabled} defaults to true); each default is a named constant next to
 *       the record that uses it, and {@link io.warden.actors.config.ServerConfigBuilder} applies
 *       them, including the derived ones (dataLogDir = dataDir, session timeouts from tickTime).</li>
 *   <li>Paths are absolute: a relative path would depend on the working directory of whichever
 *       process happens to hold the config.</li>
 * </ul>
 */
package io.warden.actors.config;
