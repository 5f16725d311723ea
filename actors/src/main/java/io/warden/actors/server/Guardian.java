package io.warden.actors.server;

import io.warden.actors.admin.FourLetterWordService;
import io.warden.actors.commit.CommitStage;
import io.warden.actors.commit.ReadView;
import io.warden.actors.config.ServerConfig;
import io.warden.actors.endpoint.ClientEndpoint;
import io.warden.actors.endpoint.ConnectionRegistry;
import io.warden.actors.endpoint.ServerStats;
import io.warden.actors.request.RequestProcessor;
import io.warden.actors.session.Session;
import io.warden.actors.session.SessionPasswords;
import io.warden.actors.session.SessionServices;
import io.warden.actors.session.SessionTracker;
import io.warden.api.data.Zxid;
import io.warden.persistence.prep.AccessControl;
import io.warden.persistence.prep.RequestPreparer;
import io.warden.persistence.replica.ReplicaLog;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.StatusReply;

/**
 * The root of one node: recovers the replica log, starts a new epoch (an ensemble of one elects
 * itself), then starts the serving actors and the client port. If any of them stops, the node
 * stops: a half-working server must not keep answering clients.
 */
final class Guardian extends AbstractBehavior<Guardian.Command> {

    sealed interface Command {}

    private record FromLog(ReplicaLog.Output output) implements Command {}

    private record EpochSet(StatusReply<ReplicaLog.Epochs> reply) implements Command {}

    private record Bound(ClientEndpoint.BindResult result) implements Command {}

    private enum Phase { RECOVERING, COMMITTING_RECOVERED, STARTING_EPOCH, SERVING }

    static Behavior<Command> create(ServerConfig config, NodeParts parts, CompletableFuture<InetSocketAddress> started) {
        return Behaviors.setup(context -> new Guardian(context, config, parts, started));
    }

    private final ServerConfig config;
    private final NodeParts parts;
    private final CompletableFuture<InetSocketAddress> started;
    private final ActorRef<ReplicaLog.Command> log;
    private Phase phase = Phase.RECOVERING;
    private DataTree tree;
    private long pendingUpTo;
    private long newEpoch;
    private ActorRef<CommitStage.Command> commit;
    private FourLetterWordService admin;

    private Guardian(ActorContext<Command> context, ServerConfig config, NodeParts parts,
                     CompletableFuture<InetSocketAddress> started) {
        super(context);
        this.config = config;
        this.parts = parts;
        this.started = started;
        ActorRef<ReplicaLog.Output> outputs = context.messageAdapter(ReplicaLog.Output.class, FromLog::new);
        this.log = context.spawn(ReplicaLog.create(WardenServer.persistenceId(config), outputs, parts.replicaSettings()), "replica-log");
        context.watch(log);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(FromLog.class, m -> onLogOutput(m.output()))
                .onMessage(EpochSet.class, this::onEpochSet)
                .onMessage(Bound.class, this::onBound)
                .onSignal(ChildFailed.class, this::onChildFailed)
                .onSignal(Terminated.class, this::onChildStopped)
                .build();
    }

    private Behavior<Command> onLogOutput(ReplicaLog.Output output) {
        if (output instanceof ReplicaLog.Recovered recovered) {
            tree = recovered.tree();
            newEpoch = Math.max(Math.max(recovered.acceptedEpoch(), recovered.currentEpoch()),
                    Zxid.epoch(tree.lastProcessedZxid())) + 1;
            getContext().getLog().info("Recovered state at zxid {} ({} znodes, {} logged but uncommitted)",
                    Zxid.toHex(tree.lastProcessedZxid()), tree.nodeCount(), recovered.pending().size());
            if (recovered.pending().isEmpty()) {
                startEpoch();
            } else {
                // Durable in the log of a quorum of one: these were committed when they were written.
                List<Txn> pending = recovered.pending();
                pendingUpTo = pending.get(pending.size() - 1).zxid();
                phase = Phase.COMMITTING_RECOVERED;
                log.tell(new ReplicaLog.Commit(pendingUpTo));
            }
        } else if (output instanceof ReplicaLog.Applied applied) {
            if (phase == Phase.SERVING) {
                commit.tell(new CommitStage.Applied(applied.applied(), applied.tree()));
            } else {
                tree = applied.tree();
                if (phase == Phase.COMMITTING_RECOVERED && tree.lastProcessedZxid() >= pendingUpTo) {
                    startEpoch();
                }
            }
        }
        return this;
    }

    private void startEpoch() {
        phase = Phase.STARTING_EPOCH;
        ActorRef<StatusReply<ReplicaLog.Epochs>> replies = epochReplies();
        log.tell(new ReplicaLog.AcceptEpoch(newEpoch, replies));
        log.tell(new ReplicaLog.SetCurrentEpoch(newEpoch, replies));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private ActorRef<StatusReply<ReplicaLog.Epochs>> epochReplies() {
        ActorRef adapter = getContext().messageAdapter(StatusReply.class, r -> new EpochSet((StatusReply<ReplicaLog.Epochs>) r));
        return (ActorRef<StatusReply<ReplicaLog.Epochs>>) adapter;
    }

    private Behavior<Command> onEpochSet(EpochSet m) {
        if (m.reply().isError()) {
            return fail(new IllegalStateException("cannot record epoch " + newEpoch, m.reply().getError()));
        }
        if (phase == Phase.STARTING_EPOCH && m.reply().getValue().currentEpoch() == newEpoch) {
            startServing();
        }
        return this;
    }

    private void startServing() {
        phase = Phase.SERVING;
        Clock clock = parts.clock();
        ReadView view = new ReadView(tree);
        commit = getContext().spawn(CommitStage.create(view), "commit");
        RequestPreparer preparer = new RequestPreparer(tree, parts.prepSettings());
        ActorRef<RequestProcessor.Command> requests = getContext().spawn(RequestProcessor.create(tree, view, newEpoch,
                preparer, log, commit, parts.requestSettings(), clock), "requests");
        ActorRef<SessionTracker.Command> tracker = getContext().spawn(SessionTracker.create(config.myid(),
                new SessionPasswords(parts.sessionSecret()), config.tickTimeMs(), requests, clock), "sessions");
        tracker.tell(new SessionTracker.Recovered(tree.sessions()));
        ConnectionRegistry connections = new ConnectionRegistry();
        ServerStats stats = new ServerStats();
        AccessControl accessControl = new AccessControl(parts.prepSettings());
        admin = new FourLetterWordService(config, parts.mode(), getContext().getSystem(), view, commit,
                tracker, stats, connections, parts.startedAtMs());
        SessionServices services = new SessionServices(parts.sessionSettings(), view, commit, requests, tracker,
                auth -> (acl, perms) -> Permissions.allowsAny(accessControl, acl, perms, auth), admin, stats, connections);
        ActorRef<ClientEndpoint.BindResult> bound = getContext().messageAdapter(ClientEndpoint.BindResult.class, Bound::new);
        ActorRef<ClientEndpoint.Command> endpoint = getContext().spawn(ClientEndpoint.create(parts.endpointSettings(),
                connections, stats, connection -> Session.create(services, connection), bound), "client-endpoint");
        for (ActorRef<?> child : List.of(commit, requests, tracker, endpoint)) {
            getContext().watch(child);
        }
        getContext().getLog().info("Serving as {} in epoch {}", parts.mode(), newEpoch);
    }

    private Behavior<Command> onBound(Bound m) {
        if (m.result().failure() != null) {
            return fail(m.result().failure());
        }
        admin.clientPortBound(m.result().address().getPort());
        started.complete(m.result().address());
        return this;
    }

    private Behavior<Command> onChildFailed(ChildFailed failed) {
        return fail(new IllegalStateException(failed.getRef().path().name() + " failed", failed.cause()));
    }

    private Behavior<Command> onChildStopped(Terminated stopped) {
        return fail(new IllegalStateException(stopped.getRef().path().name() + " stopped"));
    }

    private Behavior<Command> fail(Throwable cause) {
        return parts.stopNode(getContext().getLog(), started, cause);
    }
}
