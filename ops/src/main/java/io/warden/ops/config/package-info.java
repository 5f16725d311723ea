/**
 * Reads ZooKeeper's configuration files into a typed {@link io.warden.actors.config.ServerConfig}:
 * {@link io.warden.ops.config.ZooCfgParser} parses {@code zoo.cfg} (Java properties syntax) and the
 * {@code myid} file, and returns the config with a list of warnings.
 *
 * <p>Rules kept here:
 * <ul>
 *   <li>This is the only place that knows zoo.cfg's key names, their {@code zookeeper.*} spellings
 *       and the system properties ZooKeeper reads; the actors only ever see {@code ServerConfig}.</li>
 *   <li>A file ZooKeeper 3.9 accepts is accepted, except for features Warden does not have that
 *       would change what the user gets if silently dropped (TLS ports, SASL between servers,
 *       hierarchical quorums, dynamic config files): those are rejected, naming the key.</li>
 *   <li>Bad values are rejected with a {@link io.warden.ops.config.ConfigException} naming the key,
 *       the value and the rule; never defaulted quietly. The exceptions are the two values
 *       ZooKeeper itself corrects (snapCount below 2, autopurge.snapRetainCount below 3), which
 *       are corrected the same way, with a warning.</li>
 *   <li>Keys Warden does not know, or knows but does not use, produce warnings, never failures,
 *       so a zoo.cfg written for ZooKeeper keeps working.</li>
 *   <li>The parser is pure apart from reading the two files: system properties come in as a map,
 *       and nothing is written or created.</li>
 * </ul>
 */
package io.warden.ops.config;
