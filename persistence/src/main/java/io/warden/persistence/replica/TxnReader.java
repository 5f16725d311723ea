package io.warden.persistence.replica;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.JournalProtocol;

import java.time.Duration;

/**
 * One DIFF read from the journal, off the log's thread: asks the journal plugin to replay the
 * log's events from the start the index chose up to the last one written before the read
 * ({@code JournalProtocol.ReplayMessages}, what recovery sends), folds them, answers, stops.
 *
 * <p>Why this does not hold up writes: a Pekko {@code AsyncWriteJournal} runs a replay as a future
 * on its replay dispatcher and keeps taking writes meanwhile; the file journal reads the segments
 * with channels of its own up to the end acknowledged when each segment is opened, never taking the
 * writer's lock. The log goes on with the next command as soon as this reader is spawned.
 *
 * <p>Bounded: the fold keeps at most the answer's limits; once it knows the answer is "not
 * available" the reader answers and stops, and the rest of the replay goes to dead letters (replay
 * messages are not logged as such). A read that takes longer than the policy's timeout answers
 * "not available" too. The log counts readers and caps them.
 */
final class TxnReader {
    private TxnReader() {
    }

    /** What a reader receives: the journal's replies and its timer. */
    sealed interface Msg {
    }

    private record Replayed(JournalProtocol.Response response) implements Msg {
    }

    private enum Timeout implements Msg {
        INSTANCE
    }

    static Behavior<Msg> create(String persistenceId, org.apache.pekko.actor.ActorRef journal,
                                 DiffSource.ReadJournal read, Duration timeout,
                                 ActorRef<StatusReply<TxnsAfter>> replyTo, ActorRef<LogBehavior.Command> log) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            start(ctx, timers, persistenceId, journal, read, timeout);
            return reading(read.fold(), replyTo, log);
        }));
    }

    private static void start(ActorContext<Msg> ctx, TimerScheduler<Msg> timers, String persistenceId,
                              org.apache.pekko.actor.ActorRef journal, DiffSource.ReadJournal read, Duration timeout) {
        ActorRef<JournalProtocol.Response> replies = ctx.messageAdapter(JournalProtocol.Response.class, Replayed::new);
        timers.startSingleTimer(Timeout.INSTANCE, timeout);
        long from = read.fold().fromSeqNr();
        journal.tell(new JournalProtocol.ReplayMessages(from, read.toSeqNr(), read.toSeqNr() - from + 1,
                persistenceId, Adapter.toClassic(replies)), Adapter.toClassic(replies));
    }

    private static Behavior<Msg> reading(JournalTxnFold fold, ActorRef<StatusReply<TxnsAfter>> replyTo,
                                         ActorRef<LogBehavior.Command> log) {
        return Behaviors.receive(Msg.class)
                .onMessage(Replayed.class, r -> onReplayed(r.response(), fold, replyTo))
                .onMessageEquals(Timeout.INSTANCE, () -> answer(replyTo, new TxnsAfter.NotAvailable(
                        "the journal read did not finish in time")))
                .onSignal(PostStop.class, s -> {
                    // however it ends (answer, timeout, the log stopping): the log's count of readers drops
                    log.tell(LogBehavior.ReadFinished.INSTANCE);
                    return Behaviors.same();
                })
                .build();
    }

    private static Behavior<Msg> onReplayed(JournalProtocol.Response response, JournalTxnFold fold,
                                            ActorRef<StatusReply<TxnsAfter>> replyTo) {
        if (response instanceof JournalProtocol.ReplayedMessage replayed) {
            fold.accept(replayed.persistent().sequenceNr(), replayed.persistent().payload());
            return fold.wantsMore() ? Behaviors.same() : answer(replyTo, fold.result());
        } else if (response instanceof JournalProtocol.RecoverySuccess) {
            return answer(replyTo, fold.result());
        } else if (response instanceof JournalProtocol.ReplayMessagesFailure failed) {
            return answer(replyTo, new TxnsAfter.NotAvailable("the journal read failed: " + failed.cause()));
        }
        return Behaviors.same();
    }

    private static Behavior<Msg> answer(ActorRef<StatusReply<TxnsAfter>> replyTo, TxnsAfter answer) {
        replyTo.tell(StatusReply.success(answer));
        return Behaviors.stopped();
    }
}
