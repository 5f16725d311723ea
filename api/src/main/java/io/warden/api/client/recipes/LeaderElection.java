package io.warden.api.client.recipes;

import io.warden.api.client.SessionState;
import io.warden.api.client.Transaction;
import io.warden.api.client.WardenClient;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Paths;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Leader election: each candidate creates an ephemeral sequential node under the election's
 * path; the lowest sequence leads; every other candidate watches only its predecessor (no herd).
 * <pre>{@code
 * LeaderElection election = new LeaderElection(client, "/election/orders");
 * election.leadership().subscribe(subscriber);   // Leadership(leader, term): the current state, then changes
 * election.join();
 * // as leader, make writes that only commit while this candidate still leads:
 * election.fence(client.transaction()).setData("/orders/state", next, -1).commit();
 * election.resign();
 * }</pre>
 *
 * <p>Safety. A leader's term is the czxid of its node: terms only grow (a later candidate's node
 * has a higher zxid and can lead only once every earlier one is gone), so two leaderships are
 * always ordered. A candidate stops believing it leads as soon as its connection breaks (it cannot
 * tell whether its session, and so its node, still lives) and believes it again only after it
 * has re-read the candidates on a new connection; meanwhile another candidate may lead only after
 * the old node is gone. A leader also watches its own node and steps down if it is deleted by hand;
 * the next candidate may hear of that first. Because a belief can still be stale by the time it acts, writes that must
 * not come from a deposed leader go through {@link #fence}: a {@code check} of the leader's own
 * node in the same transaction, which fails once that node is gone.
 */
public final class LeaderElection {
    private static final String PREFIX = "n-";

    /** One state of this candidate: whether it leads, and its term (the czxid of its node) if so. */
    public record Leadership(boolean leader, long term) {
        public static final Leadership FOLLOWER = new Leadership(false, 0);
    }

    private final WardenClient client;
    private final String path;
    private final LatestValue<Leadership> state = new LatestValue<>();
    private volatile String node;
    private volatile boolean resigned;
    private boolean disconnected;
    private volatile Flow.Subscription states;

    public LeaderElection(WardenClient client, String path) {
        Paths.validate(path);
        this.client = client;
        this.path = path;
        state.set(Leadership.FOLLOWER);
        client.sessionStates().subscribe(new States());
    }

    /** This candidate's leadership: the current state first, then every change (latest wins). */
    public Flow.Publisher<Leadership> leadership() {
        return state;
    }

    /** Whether this candidate believes it leads now. */
    public boolean isLeader() {
        return state.get().leader();
    }

    /** This candidate's node, once it has joined. */
    public String node() {
        return node;
    }

    /** Joins the election; completes once the candidate's node exists (leadership follows on the stream). */
    public CompletionStage<Void> join() {
        return Recipes.ensurePath(client, path)
                .thenCompose(v -> Recipes.createProtected(client, path, PREFIX, null, CreateMode.EPHEMERAL_SEQUENTIAL))
                .thenAccept(created -> {
                    node = created;
                    evaluate();
                });
    }

    /** Adds a check that this candidate's node exists: the transaction commits only while it leads. */
    public Transaction fence(Transaction tx) {
        String n = node;
        if (n == null || !isLeader()) {
            throw new IllegalStateException("not the leader");
        }
        return tx.check(n, -1);
    }

    /** Leaves the election (deletes the node); the leadership stream completes. */
    public CompletionStage<Void> resign() {
        resigned = true;
        state.set(Leadership.FOLLOWER);
        state.complete();
        Flow.Subscription s = states;
        if (s != null) {
            s.cancel(); // the election no longer follows the session
        }
        String n = node;
        return n == null ? CompletableFuture.completedFuture(null) : Recipes.deleteIfPresent(client, n);
    }

    private void evaluate() {
        String mine = node;
        if (mine == null || resigned) {
            return;
        }
        Recipes.queue(client, path, PREFIX).thenCompose(queue -> {
            int at = queue.indexOf(Paths.name(mine));
            if (at < 0) {
                state.set(Leadership.FOLLOWER); // our node is gone: the session ended
                return CompletableFuture.completedFuture(null);
            }
            if (at == 0) {
                // Watch our own node: if it goes while the session lives (deleted by hand), step down.
                return client.watchExists(mine).thenAccept(w -> {
                    synchronized (this) {
                        if (!disconnected && !resigned && w.value().isPresent()) {
                            state.set(new Leadership(true, w.value().get().czxid()));
                        }
                    }
                    w.change().thenRun(this::evaluate);
                });
            }
            return Recipes.whenGone(client, Paths.child(path, queue.get(at - 1))).thenRun(this::evaluate);
        }).exceptionally(e -> {
            if (Recipes.codeOf(e) == io.warden.api.data.Code.CONNECTION_LOSS) {
                evaluate(); // waits for the next connection; the reconnect re-evaluates too, harmlessly
            } else if (!client.state().isTerminal() && !resigned) {
                state.fail(e);
            }
            return null;
        });
    }

    private final class States implements Flow.Subscriber<SessionState> {
        @Override public void onSubscribe(Flow.Subscription s) {
            states = s;
            if (resigned) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }
        @Override public void onNext(SessionState s) {
            if (s == SessionState.DISCONNECTED) {
                synchronized (LeaderElection.this) {
                    disconnected = true;
                    state.set(Leadership.FOLLOWER);
                }
            } else if (s == SessionState.CONNECTED) {
                boolean again;
                synchronized (LeaderElection.this) {
                    again = disconnected;
                    disconnected = false;
                }
                if (again) {
                    evaluate();
                }
            } else if (s.isTerminal()) {
                state.set(Leadership.FOLLOWER);
                state.complete();
            }
        }
        @Override public void onError(Throwable t) { state.fail(t); }
        @Override public void onComplete() { state.complete(); }
    }
}
