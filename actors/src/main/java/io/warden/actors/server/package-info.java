/**
 * The seam between the launcher and the server: {@link io.warden.actors.server.WardenNodeFactory}
 * starts a {@link io.warden.actors.server.WardenNode} from a
 * {@link io.warden.actors.config.ServerConfig}.
 *
 * <p>Rules kept here: the launcher ({@code io.warden.ops.launcher.WardenMain}) finds the factory
 * with {@link java.util.ServiceLoader}, so an implementation registers itself in
 * {@code META-INF/services/io.warden.actors.server.WardenNodeFactory} and the launcher never names
 * a server class. The seam stays tiny: starting, the mode for logs and status, waiting for the
 * end, and closing.
 */
package io.warden.actors.server;
