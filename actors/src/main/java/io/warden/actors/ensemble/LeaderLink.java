package io.warden.actors.ensemble;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.LoggerFactory;

/**
 * Fast notice of a dead leader: a plain TCP connection from each learner to its leader's
 * election port, on which nothing is ever sent. A process that dies (SIGKILL included) has its
 * sockets closed by the kernel, so the learner sees the close at once, as ZooKeeper's follower
 * sees its leader's socket close, instead of after syncLimit ticks of silent pings (Artery tells
 * actors nothing when a peer's process dies). Only a connection that was established and then
 * closed counts: one that cannot be made (a leader still starting) proves nothing.
 */
public final class LeaderLink {
    private final CompletableFuture<Optional<ByteString>> ourEnd;
    private final CompletionStage<Done> closed;

    private LeaderLink(CompletableFuture<Optional<ByteString>> ourEnd, CompletionStage<Done> closed) {
        this.ourEnd = ourEnd;
        this.closed = closed;
    }

    /**
     * Every member accepts such connections on its election port for its whole life and keeps
     * them open; a port that cannot be bound only costs the fast notice (logged), never the node.
     */
    public static void accept(ClassicActorSystemProvider system, String host, int port) {
        Tcp.get(system).bind(host, port)
                .to(Sink.foreach(connection -> connection.handleWith(
                        Flow.fromSinkAndSource(Sink.ignore(), Source.<ByteString>maybe()), system)))
                .run(system)
                .whenComplete((binding, failure) -> {
                    if (failure != null) {
                        LoggerFactory.getLogger(LeaderLink.class).warn("cannot bind the election port {}:{} ({});"
                                + " learners notice this member's death only by missed pings", host, port,
                                failure.getMessage());
                    }
                });
    }

    /** Connects to the leader's election port; {@link #lost()} completes if that connection, once made, closes. */
    static LeaderLink open(ClassicActorSystemProvider system, String host, int port) {
        Pair<Pair<CompletableFuture<Optional<ByteString>>, CompletionStage<Tcp.OutgoingConnection>>, CompletionStage<Done>> run =
                Source.<ByteString>maybe()
                        .viaMat(Tcp.get(system).outgoingConnection(host, port), Keep.both())
                        .toMat(Sink.ignore(), Keep.both())
                        .run(system);
        CompletionStage<Tcp.OutgoingConnection> connected = run.first().second();
        CompletionStage<Done> lost = connected.thenCompose(c -> run.second().handle((done, error) -> Done.getInstance()));
        return new LeaderLink(run.first().first(), lost);
    }

    /** Completes when the established connection closed; never if it was never made. */
    CompletionStage<Done> lost() {
        return closed;
    }

    /** The role ends: our end closes (the leader's side just sees a learner go). */
    void close() {
        ourEnd.complete(Optional.empty());
    }
}
