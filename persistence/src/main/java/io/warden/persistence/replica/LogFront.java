package io.warden.persistence.replica;

import io.warden.api.data.Zxid;
import io.warden.persistence.replica.ReplicaLog.AcceptEpoch;
import io.warden.persistence.replica.ReplicaLog.Append;
import io.warden.persistence.replica.ReplicaLog.Command;
import io.warden.persistence.replica.ReplicaLog.Commit;
import io.warden.persistence.replica.ReplicaLog.GetSnapshotOfState;
import io.warden.persistence.replica.ReplicaLog.Logged;
import io.warden.persistence.replica.ReplicaLog.Output;
import io.warden.persistence.replica.ReplicaLog.SetCurrentEpoch;
import io.warden.persistence.replica.ReplicaLog.Settings;
import io.warden.persistence.replica.ReplicaLog.TruncateTo;
import io.warden.persistence.txn.Txn;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.pattern.StatusReply;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The batching front of the replica log. An {@code EventSourcedBehavior} stashes commands while
 * it persists and replays them one by one, which would cost one write each; this actor instead
 * keeps the queue itself, sends the event-sourced child one write at a time, and folds every
 * append and commit queued meanwhile into the next write.
 *
 * <p>Rules: the queue keeps arrival order (an epoch or truncate command is a barrier that batches
 * never cross); appends are validated against the log when they are taken from the queue, so a
 * truncation queued before them is already in effect; the queue is bounded by txns and by
 * commands (a commit never takes a slot of its own unless a barrier is at the tail).
 */
final class LogFront extends AbstractBehavior<Command> {

    /** Messages the child sends its front. */
    sealed interface Internal extends Command {
    }

    /** Recovery is done; the log ends at lastLoggedZxid. */
    record ChildReady(long lastLoggedZxid) implements Internal {
    }

    /** The command in flight is done (durable, if it wrote); the log now ends at lastLoggedZxid. */
    record ChildDone(long lastLoggedZxid) implements Internal {
    }

    /**
     * The log's state is durable as it is now (sent after recovery and after every command, just
     * before ChildReady / ChildDone): the applied view follows it (ADR 0017).
     */
    record StateDurable(ReplicaState state) implements Internal {
    }

    /** A snapshot was installed: the state was replaced, the applied view starts again from it. */
    record StateReplaced(ReplicaState state) implements Internal {
    }

    /** What waits in the queue. */
    private sealed interface Queued {
    }

    /** An append and the commits that arrived right after it (kept apart: they outlive its rejection). */
    private record QueuedAppend(Append append, long foldedCommit) implements Queued {
    }

    private record QueuedCommit(long zxid) implements Queued {
    }

    private record QueuedBarrier(Command command) implements Queued {
    }

    /** An appender to answer when the write in flight is durable. */
    private record Waiting(ActorRef<StatusReply<Logged>> replyTo, long lastZxid) {
    }

    private final Settings settings;
    private final ActorRef<Output> listener;
    /** The committed tree as served: COMMITs of durable proposals apply here, with no write. */
    private final AppliedView view = new AppliedView();
    private final ActorRef<LogBehavior.Command> child;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final List<Waiting> inFlight = new ArrayList<>();
    /** The epoch/truncate/read command the child is working on, if any. */
    private Command barrierInFlight;
    private int queuedTxns;
    private int queuedBarriers;
    private boolean childBusy = true;
    private long lastLoggedZxid;

    LogFront(ActorContext<Command> ctx, String persistenceId, ActorRef<Output> listener, Settings settings) {
        super(ctx);
        this.settings = settings;
        this.listener = listener;
        this.child = ctx.spawn(LogBehavior.create(persistenceId, ctx.getSelf(), listener, settings), "journal");
        ctx.watch(child);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Append.class, this::onAppend)
                .onMessage(Commit.class, this::onCommit)
                .onMessage(AcceptEpoch.class, c -> onBarrier(c, c.replyTo()))
                .onMessage(SetCurrentEpoch.class, c -> onBarrier(c, c.replyTo()))
                .onMessage(TruncateTo.class, c -> onBarrier(c, c.replyTo()))
                .onMessage(GetSnapshotOfState.class, c -> onBarrier(c, c.replyTo()))
                .onMessage(ReadTxnsAfter.class, c -> onBarrier(c, c.replyTo()))
                .onMessage(ChildReady.class, this::onChildDone)
                .onMessage(ChildDone.class, this::onChildDone)
                .onMessage(StateDurable.class, this::onStateDurable)
                .onMessage(ReplicaLog.InstallSnapshot.class, c -> onBarrier(c, c.replyTo()))
                .onMessage(StateReplaced.class, this::onStateReplaced)
                .onSignal(Terminated.class, this::onChildStopped)
                .build();
    }

    private Behavior<Command> onAppend(Append append) {
        int size = append.txns().size();
        if (size == 0) {
            append.replyTo().tell(StatusReply.error("an append needs at least one txn"));
        } else if (append.commitUpTo() > append.lastZxid()) {
            append.replyTo().tell(StatusReply.error("commitUpTo " + Zxid.toHex(append.commitUpTo())
                    + " lies beyond the append's last zxid " + Zxid.toHex(append.lastZxid())));
        } else if (size > settings.maxBatchTxns()) {
            append.replyTo().tell(StatusReply.error("append of " + size + " txns exceeds maxBatchTxns "
                    + settings.maxBatchTxns()));
        } else if (queuedTxns + size > settings.maxQueuedTxns()) {
            append.replyTo().tell(StatusReply.error("replica log overloaded: " + queuedTxns
                    + " txns already wait behind the write in flight (maxQueuedTxns " + settings.maxQueuedTxns() + ")"));
        } else {
            queue.addLast(new QueuedAppend(append, 0));
            queuedTxns += size;
        }
        return dispatch();
    }

    /**
     * A commit is applied at once as far as the log is durable, and the rest as soon as the write
     * in flight is (ADR 0017). It is also queued, joining the tail entry when that is an append or
     * commit (same effect, no extra slot), so a commit of a zxid never logged still stops the log
     * when its turn comes; a commit alone is never written, the journal learns it with the next
     * proposals.
     */
    private Behavior<Command> onCommit(Commit commit) {
        publish(view.commit(commit.zxid()));
        Queued tail = queue.peekLast();
        if (tail instanceof QueuedAppend a) {
            queue.pollLast();
            queue.addLast(new QueuedAppend(a.append(), Math.max(a.foldedCommit(), commit.zxid())));
        } else if (tail instanceof QueuedCommit c) {
            queue.pollLast();
            queue.addLast(new QueuedCommit(Math.max(c.zxid(), commit.zxid())));
        } else {
            queue.addLast(new QueuedCommit(commit.zxid()));
        }
        return dispatch();
    }

    private <T> Behavior<Command> onBarrier(Command command, ActorRef<StatusReply<T>> replyTo) {
        if (queuedBarriers >= settings.maxQueuedCommands()) {
            replyTo.tell(StatusReply.error("replica log overloaded: " + queuedBarriers
                    + " commands already queued (maxQueuedCommands " + settings.maxQueuedCommands() + ")"));
        } else {
            queue.addLast(new QueuedBarrier(command));
            queuedBarriers++;
        }
        return dispatch();
    }

    private Behavior<Command> onStateDurable(StateDurable durable) {
        publish(view.durable(durable.state()));
        return this;
    }

    private Behavior<Command> onStateReplaced(StateReplaced replaced) {
        view.replaced(replaced.state());
        return this;
    }

    private void publish(List<AppliedTxn> applied) {
        if (!applied.isEmpty()) {
            listener.tell(new ReplicaLog.Applied(applied, view.tree()));
        }
    }

    private Behavior<Command> onChildDone(Internal done) {
        lastLoggedZxid = done instanceof ChildReady ready ? ready.lastLoggedZxid() : ((ChildDone) done).lastLoggedZxid();
        for (Waiting waiting : inFlight) {
            waiting.replyTo().tell(StatusReply.success(new Logged(waiting.lastZxid())));
        }
        inFlight.clear();
        barrierInFlight = null;
        childBusy = false;
        return dispatch();
    }

    /** Sends the child the next write or barrier if it is idle. */
    private Behavior<Command> dispatch() {
        while (!childBusy && !queue.isEmpty()) {
            if (queue.peekFirst() instanceof QueuedBarrier barrier) {
                queue.pollFirst();
                queuedBarriers--;
                sendBarrier(barrier.command());
            } else {
                sendBatch();
            }
        }
        return this;
    }

    /**
     * Hands the child an epoch, truncate, install or DIFF read command. A state read is answered here: the applied
     * view, not the child's state, holds what is committed; with the child idle and everything
     * before the read done, the view is the state after all of it.
     */
    private void sendBarrier(Command command) {
        if (command instanceof GetSnapshotOfState get) {
            get.replyTo().tell(StatusReply.success(stateView()));
            return;
        }
        barrierInFlight = command;
        if (command instanceof TruncateTo truncate) {
            String problem = view.truncateProblem(truncate.zxid());
            if (problem != null) {
                failAll(new IllegalStateException(problem));
            }
            view.truncatedTo(truncate.zxid());
        }
        if (command instanceof ReadTxnsAfter read) {
            // the view may have committed past the child's state with no write: the read answers as it does
            child.tell(new LogBehavior.Read(read, view.zxid()));
        } else {
            child.tell(new LogBehavior.Barrier(command));
        }
        childBusy = true;
    }

    private ReplicaLog.StateView stateView() {
        ReplicaState log = view.log();
        return new ReplicaLog.StateView(view.tree(), view.unapplied(), log.acceptedEpoch(), log.currentEpoch(),
                view.zxid(), log.lastLoggedZxid());
    }

    /** Takes the appends and commits at the head of the queue (up to maxBatchTxns) as one write. */
    private void sendBatch() {
        List<Txn> txns = new ArrayList<>();
        long last = lastLoggedZxid;
        long commitUpTo = 0;
        while (queue.peekFirst() instanceof QueuedAppend || queue.peekFirst() instanceof QueuedCommit) {
            Queued head = queue.peekFirst();
            if (head instanceof QueuedCommit commit) {
                queue.pollFirst();
                commitUpTo = Math.max(commitUpTo, commit.zxid());
                continue;
            }
            QueuedAppend queued = (QueuedAppend) head;
            List<Txn> batch = queued.append().txns();
            if (!txns.isEmpty() && txns.size() + batch.size() > settings.maxBatchTxns()) {
                break;
            }
            queue.pollFirst();
            queuedTxns -= batch.size();
            commitUpTo = Math.max(commitUpTo, queued.foldedCommit());
            String problem = ReplicaState.appendProblem(last, batch);
            if (problem != null) {
                queued.append().replyTo().tell(StatusReply.error("append rejected: " + problem));
                continue;
            }
            txns.addAll(batch);
            last = queued.append().lastZxid();
            commitUpTo = Math.max(commitUpTo, queued.append().commitUpTo());
            inFlight.add(new Waiting(queued.append().replyTo(), last));
        }
        if (commitUpTo > last) {
            // ZooKeeper's follower exits on a commit it has no proposal for; so does this log.
            failAll(new IllegalStateException("commit of " + Zxid.toHex(commitUpTo)
                    + " that was never logged (log ends at " + Zxid.toHex(last) + ")"));
        }
        // Commits alone are never written (the view applied them already, ADR 0017): the journal
        // learns them with the next proposals, here, along with what the view applied since.
        if (!txns.isEmpty()) {
            child.tell(new LogBehavior.WriteBatch(txns, Math.max(commitUpTo, view.zxid()), view.tree()));
            childBusy = true;
        }
    }

    /** The child stops only on failure: answer everyone waiting, then fail too (the peer stops). */
    private Behavior<Command> onChildStopped(Terminated terminated) {
        if (terminated instanceof ChildFailed failed) {
            failAll(new IllegalStateException("replica log stopped: " + failed.cause().getMessage(), failed.cause()));
        }
        failAll(new IllegalStateException("replica log stopped"));
        return this;
    }

    /** Answers every waiting caller with the reason, then throws it: this actor stops. */
    private void failAll(IllegalStateException reason) {
        String message = reason.getMessage();
        for (Waiting waiting : inFlight) {
            waiting.replyTo().tell(StatusReply.error(message));
        }
        inFlight.clear();
        if (barrierInFlight != null) {
            failBarrier(barrierInFlight, message);
            barrierInFlight = null;
        }
        for (Queued queued : queue) {
            if (queued instanceof QueuedAppend a) {
                a.append().replyTo().tell(StatusReply.error(message));
            } else if (queued instanceof QueuedBarrier b) {
                failBarrier(b.command(), message);
            }
            // nobody waits for a QueuedCommit
        }
        queue.clear();
        throw reason;
    }

    private static void failBarrier(Command command, String message) {
        if (command instanceof AcceptEpoch c) {
            c.replyTo().tell(StatusReply.error(message));
        } else if (command instanceof SetCurrentEpoch c) {
            c.replyTo().tell(StatusReply.error(message));
        } else if (command instanceof TruncateTo c) {
            c.replyTo().tell(StatusReply.error(message));
        } else if (command instanceof GetSnapshotOfState c) {
            c.replyTo().tell(StatusReply.error(message));
        } else if (command instanceof ReadTxnsAfter c) {
            c.replyTo().tell(StatusReply.error(message));
        } else if (command instanceof ReplicaLog.InstallSnapshot c) {
            c.replyTo().tell(StatusReply.error(message));
        } else {
            throw new IllegalStateException("not a barrier: " + command);
        }
    }
}
