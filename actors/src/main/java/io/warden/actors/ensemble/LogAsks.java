package io.warden.actors.ensemble;

import io.warden.persistence.replica.ReplicaLog;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.pattern.StatusReply;

/**
 * How the roles talk to the replica log besides their one reply adapter (a second adapter of
 * the same class would replace the first): asks piped back to the actor, and the blocking
 * dispatcher on which snapshots are serialized and decoded, off the actors' threads.
 */
final class LogAsks {
    /** Log reads and epoch writes wait behind the log's queue, which is bounded: a minute is generous. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ActorRef<ReplicaLog.Command> log;
    private final ActorSystem<?> system;

    LogAsks(ActorRef<ReplicaLog.Command> log, ActorSystem<?> system) {
        this.log = log;
        this.system = system;
    }

    /** Sends the command now (so it queues behind everything told to the log before) and answers later. */
    <T> CompletionStage<T> ask(Function<ActorRef<StatusReply<T>>, ReplicaLog.Command> message) {
        return AskPattern.askWithStatus(log, message, TIMEOUT, system.scheduler());
    }

    Executor blocking() {
        return system.dispatchers().lookup(DispatcherSelector.blocking());
    }

    /** A piped answer as the StatusReply the roles' messages carry. */
    static <T> StatusReply<T> reply(T value, Throwable failure) {
        return failure != null ? StatusReply.error(failure) : StatusReply.success(value);
    }
}
