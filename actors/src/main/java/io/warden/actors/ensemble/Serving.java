package io.warden.actors.ensemble;

import io.warden.actors.admin.FourLetterWordService;
import io.warden.actors.commit.CommitStage;
import io.warden.actors.commit.ReadView;
import io.warden.actors.request.RequestProcessor;
import io.warden.actors.server.Permissions;
import io.warden.actors.session.SessionServices;
import io.warden.actors.session.SessionTracker;
import io.warden.persistence.prep.AccessControl;
import io.warden.persistence.replica.AppliedTxn;
import io.warden.persistence.replica.ReplicaLog;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The client-serving actors of a role, children of the role's actor so that they stop with it:
 * the commit stage (applies nothing itself: it publishes the trees the log applied, answers
 * writers and fires watches), the session tracker, the request target (the leader's request
 * processor, or the learner's forwarding) and the four-letter words. Once built they are put
 * behind the client port's switch.
 */
final class Serving {
    final ReadView view;
    final ActorRef<CommitStage.Command> commit;
    final ActorRef<SessionTracker.Command> tracker;
    final SessionServices services;
    final FourLetterWordService admin;
    /** mntr's zk_peer_state of a serving role, as ZooKeeper writes it. */
    private static final java.util.Map<String, String> PEER_STATES = java.util.Map.of(
            "leader", "leading - broadcast", "follower", "following - broadcast", "observer", "observing - broadcast");

    /** The zxid the serving tree was taken at: log output up to it is already in the tree. */
    private final long baseZxid;
    private final NodeContext node;

    private Serving(NodeContext node, ReadView view, ActorRef<CommitStage.Command> commit,
                    ActorRef<SessionTracker.Command> tracker, SessionServices services, FourLetterWordService admin,
                    long baseZxid) {
        this.node = node;
        this.admin = admin;
        this.view = view;
        this.commit = commit;
        this.tracker = tracker;
        this.services = services;
        this.baseZxid = baseZxid;
    }

    /**
     * Builds the serving actors from the synchronized tree and starts serving.
     *
     * @param requests given the view and the commit stage, the actor writes and syncs go to
     * @param trackerMode the leader expires sessions; a learner relays touches
     */
    static Serving start(ActorContext<?> context, NodeContext node, DataTree tree, String mode,
                         BiFunction<ReadView, ActorRef<CommitStage.Command>, ActorRef<RequestProcessor.Command>> requests,
                         SessionTracker.Mode trackerMode) {
        ReadView view = new ReadView(tree);
        ActorRef<CommitStage.Command> commit = context.spawn(CommitStage.create(view), "commit");
        ActorRef<RequestProcessor.Command> target = requests.apply(view, commit);
        ActorRef<SessionTracker.Command> tracker = context.spawn(SessionTracker.create(node.config().myid(),
                node.passwords(), node.config().tickTimeMs(), target, node.clock(), trackerMode), "sessions");
        tracker.tell(new SessionTracker.Recovered(tree.sessions()));
        AccessControl accessControl = new AccessControl(node.prepSettings());
        FourLetterWordService admin = new FourLetterWordService(node.config(), mode, context.getSystem(), view, commit,
                tracker, node.stats(), node.connections(), node.startedAtMs());
        admin.clientPortBound(node.clientPort().getAsInt());
        SessionServices services = new SessionServices(node.sessionSettings(), view, commit, target, tracker,
                auth -> (acl, perms) -> Permissions.allowsAny(accessControl, acl, perms, auth), admin, node.stats(),
                node.connections());
        java.util.Map<String, Object> peerState = java.util.Map.of("zk_peer_state", PEER_STATES.get(mode));
        admin.ensembleMetrics(() -> peerState);
        Serving serving = new Serving(node, view, commit, tracker, services, admin, tree.lastProcessedZxid());
        node.serving().serve(services);
        org.slf4j.LoggerFactory.getLogger(Serving.class).info("Serving as {} at zxid {}", mode,
                io.warden.api.data.Zxid.toHex(tree.lastProcessedZxid()));
        return serving;
    }

    /**
     * The log applied txns: on to the commit stage (what the serving tree already holds is
     * dropped: the log's output travels a longer way than its answer to the state read), and
     * the session tracker learns sessions opened or closed on other servers.
     */
    void applied(ReplicaLog.Applied applied) {
        List<AppliedTxn> all = applied.applied();
        // zxid order: only a prefix can be old, and only the first Applied after the start has one
        int first = 0;
        while (first < all.size() && all.get(first).txn().zxid() <= baseZxid) {
            first++;
        }
        List<AppliedTxn> fresh = first == 0 ? all : all.subList(first, all.size());
        for (AppliedTxn a : fresh) {
            sessions(a.txn());
        }
        if (!fresh.isEmpty()) {
            commit.tell(new CommitStage.Applied(fresh, applied.tree()));
        }
    }

    private void sessions(Txn txn) {
        if (txn.body() instanceof TxnBody.CreateSession create) {
            tracker.tell(new SessionTracker.Learned(txn.sessionId(), create.timeoutMs()));
        } else if (txn.body() instanceof TxnBody.CloseSession) {
            // cxid 0: the leader's tracker expired it; otherwise its client closed it
            tracker.tell(txn.cxid() == 0 ? new SessionTracker.Expired(txn.sessionId())
                    : new SessionTracker.Closed(txn.sessionId()));
        }
    }

    /** The role ends: no new sessions, every connection closed. */
    void stop() {
        node.serving().stop(services);
    }
}
