package io.warden.actors.server;

import io.warden.actors.config.ServerConfig;

/**
 * Starts Warden nodes. Implementations are found with {@link java.util.ServiceLoader}: they need a
 * public no-argument constructor and a line naming them in
 * {@code META-INF/services/io.warden.actors.server.WardenNodeFactory}.
 */
public interface WardenNodeFactory {

    /**
     * Starts a node with this configuration and returns once it is started (its client port bound);
     * throws an unchecked exception, with a message fit for an operator, if it cannot start.
     */
    WardenNode start(ServerConfig config);
}
