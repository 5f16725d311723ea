package io.warden.actors.session;

import io.warden.actors.admin.AdminWords;
import io.warden.actors.commit.CommitStage;
import io.warden.actors.commit.ReadView;
import io.warden.actors.endpoint.ConnectionRegistry;
import io.warden.actors.endpoint.ServerStats;
import io.warden.actors.request.RequestProcessor;
import io.warden.persistence.prep.SessionAuth;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/** What every session of a node works with; one instance per node. */
public record SessionServices(SessionSettings settings, ReadView view, ActorRef<CommitStage.Command> commit,
                              ActorRef<RequestProcessor.Command> requests, ActorRef<SessionTracker.Command> tracker,
                              Function<SessionAuth, Access> accessFor, AdminWords admin, ServerStats stats,
                              ConnectionRegistry connections) {}
