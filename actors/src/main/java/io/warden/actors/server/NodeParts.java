package io.warden.actors.server;

import io.warden.actors.endpoint.ClientEndpoint;
import io.warden.actors.request.RequestProcessor;
import io.warden.actors.session.SessionSettings;
import io.warden.persistence.prep.PrepSettings;
import io.warden.persistence.replica.ReplicaLog;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * Everything a node's actors are built from, derived once from the {@link
 * io.warden.actors.config.ServerConfig} (see {@link WardenServer}).
 *
 * @param failure completed exceptionally when the node stops because something failed
 */
record NodeParts(String mode, ReplicaLog.Settings replicaSettings, PrepSettings prepSettings,
                 SessionSettings sessionSettings, ClientEndpoint.Settings endpointSettings,
                 RequestProcessor.Settings requestSettings,
                 byte[] sessionSecret, Clock clock, long startedAtMs, CompletableFuture<Void> failure) {

    /** A node's root stops: says why, and fails whoever waits for the node's start or its end. */
    <T> org.apache.pekko.actor.typed.Behavior<T> stopNode(org.slf4j.Logger log,
            CompletableFuture<java.net.InetSocketAddress> started, Throwable cause) {
        log.error("Stopping the node: {}", cause.getMessage(), cause);
        failure.completeExceptionally(cause);
        started.completeExceptionally(cause);
        return org.apache.pekko.actor.typed.javadsl.Behaviors.stopped();
    }
}
