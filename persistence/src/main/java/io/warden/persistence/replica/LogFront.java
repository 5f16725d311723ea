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

    /** A commit joins the tail entry when it is an append or commit: same effect, no extra slot. */
    private Behavior<Command> onCommit(Commit commit) {
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
                child.tell(new LogBehavior.Barrier(barrier.command()));
                barrierInFlight = barrier.command();
                childBusy = true;
            } else {
                sendBatch();
            }
        }
        return this;
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
        if (!txns.isEmpty() || commitUpTo > 0) {
            child.tell(new LogBehavior.WriteBatch(txns, commitUpTo));
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
        } else {
            throw new IllegalStateException("not a barrier: " + command);
        }
    }
}
