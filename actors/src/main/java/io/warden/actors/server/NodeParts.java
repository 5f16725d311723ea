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
                 byte[] sessionSecret, Clock clock, long startedAtMs, CompletableFuture<Void> failure) {}
