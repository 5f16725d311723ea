package io.warden.actors.endpoint;

import io.warden.actors.session.Session;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.Terminated;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;
import scala.runtime.BoxedUnit;

/**
 * Everything between a client's socket and its {@link Session}, as one stage: the socket's
 * bytes are cut into items ({@link Framer}) and handed to the session in batches with an ack
 * protocol, and the connection's {@link OutboundQueue} is written to the socket, coalesced.
 * One stage instead of nine (kill switch, framing, batch, actor sink, queue source and its
 * publisher, map, batch, termination watch): each stage a connection materializes costs it
 * heap (a logic, its callback set, its ports, attributes) and its set-up time (issue 12).
 *
 * <p>Inbound protocol with the session (what {@code ActorSink.actorRefWithBackpressure} did):
 * {@link Session.StreamStarted} first, then {@link Session.Received} batches, each sent only
 * after the previous message was acked, and last exactly one {@link Session.StreamEnded}
 * (with the failure, if the socket failed). Frames that arrive while a batch is unacked join
 * the next batch up to {@code maxBatchWeight}; past it the socket is not read. The socket is
 * read only when no whole item is left in the framer, so it holds at most one frame plus one
 * TCP read.
 *
 * <p>Termination: the outbound side completes once the queue was completed and drained, and
 * that ends the whole connection (the read side too, so the socket is closed rather than left
 * half-open). The read side ending (a client that half-closes after a four-letter word) ends
 * only the inbound protocol: the answer is still written. A stopped session ends the
 * connection.
 */
final class ConnectionStage extends GraphStage<FlowShape<ByteString, ByteString>> {
    /** Payload bytes plus this per item: see ClientEndpoint's batch weight. */
    static final long ITEM_WEIGHT = 256;

    private final Inlet<ByteString> in = Inlet.create("Connection.in");
    private final Outlet<ByteString> out = Outlet.create("Connection.out");
    private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
    private final Connection connection;
    private final OutboundQueue queue;
    private final ActorRef<Session.Command> session;
    private final int maxFrameBytes;
    private final long maxBatchWeight;
    private final int maxWriteBytes;

    ConnectionStage(Connection connection, OutboundQueue queue, ActorRef<Session.Command> session, int maxFrameBytes,
                    long maxBatchWeight, int maxWriteBytes) {
        this.connection = connection;
        this.queue = queue;
        this.session = session;
        this.maxFrameBytes = maxFrameBytes;
        this.maxBatchWeight = maxBatchWeight;
        this.maxWriteBytes = maxWriteBytes;
    }

    @Override
    public FlowShape<ByteString, ByteString> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
        return new Logic();
    }

    private final class Logic extends GraphStageLogic {
        private final Framer framer = new Framer(maxFrameBytes);
        private final List<Inbound> batch = new ArrayList<>(4);
        private long batchWeight;
        private ActorRef<Session.Ack> ackTo;
        private boolean awaitingAck;
        private boolean inboundDone;
        private boolean endSent;

        Logic() {
            super(shape);
            setHandler(in, new AbstractInHandler() {
                @Override
                public void onPush() {
                    framer.add(grab(in));
                    progressInbound();
                }

                @Override
                public void onUpstreamFinish() {
                    // A partial frame at the end is a client that went away mid-send: dropped.
                    inboundDone = true;
                    progressInbound();
                }

                @Override
                public void onUpstreamFailure(Throwable cause) {
                    inboundDone = true;
                    endInbound(cause);
                    failStage(cause);
                }
            });
            setHandler(out, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    deliver();
                }

                @Override
                public void onDownstreamFinish(Throwable cause) {
                    // The socket is gone: later offers are refused rather than queued forever.
                    queue.complete();
                    completeStage();
                }
            });
        }

        @Override
        public void preStart() {
            StageActor actor = getStageActor(this::onMessage);
            actor.watch(Adapter.toClassic(session));
            ackTo = Adapter.toTyped(actor.ref());
            AsyncCallback<BoxedUnit> wake = createAsyncCallback(unit -> deliver());
            queue.attach(() -> wake.invoke(BoxedUnit.UNIT));
            awaitingAck = true;
            session.tell(new Session.StreamStarted(ackTo));
            deliver();
        }

        @Override
        public void postStop() {
            // However the stage stopped, the session hears of it exactly once.
            endInbound(null);
            queue.complete();
        }

        private BoxedUnit onMessage(scala.Tuple2<org.apache.pekko.actor.ActorRef, Object> message) {
            Object m = message._2();
            if (m == Session.Ack.INSTANCE) {
                awaitingAck = false;
                progressInbound();
            } else if (m instanceof Terminated) {
                endSent = true;
                queue.complete();
                completeStage();
            }
            return BoxedUnit.UNIT;
        }

        /** Moves whole items into the batch, sends it if the session is ready, reads on if allowed. */
        private void progressInbound() {
            if (endSent) {
                return;
            }
            while (batchWeight < maxBatchWeight) {
                Inbound item = framer.next();
                if (item == null) {
                    break;
                }
                batch.add(item);
                batchWeight += ITEM_WEIGHT + (item instanceof Inbound.Frame frame ? frame.payload().size() : 0);
            }
            if (!awaitingAck && !batch.isEmpty()) {
                session.tell(new Session.Received(batch, ackTo)); // copies the list
                batch.clear();
                batchWeight = 0;
                awaitingAck = true;
            }
            boolean noMoreItems = inboundDone || framer.isFinished();
            if (noMoreItems) {
                if (!isClosed(in)) {
                    cancel(in);
                }
                if (!awaitingAck && batch.isEmpty()) {
                    endInbound(null);
                }
            } else if (batchWeight < maxBatchWeight && !hasBeenPulled(in)) {
                pull(in);
            }
        }

        private void endInbound(Throwable failure) {
            if (!endSent) {
                endSent = true;
                session.tell(new Session.StreamEnded(failure));
            }
        }

        /** Writes what is queued if the socket wants it; completes once the queue is done. */
        private void deliver() {
            if (queue.failure() != null) {
                endInbound(null);
                failStage(queue.failure());
                return;
            }
            if (isClosed(out) || !isAvailable(out)) {
                return;
            }
            ByteString write = take();
            if (write == null) {
                queue.awaitSignal();
                write = take();
                if (write == null) {
                    if (queue.isCompleted() && queue.peek() == null) {
                        completeStage();
                    }
                    return;
                }
                queue.cancelAwait();
            }
            push(out, write);
        }

        /** Up to maxWriteBytes of queued frames as one write (at least one frame), or null. */
        private ByteString take() {
            ByteString write = queue.poll();
            if (write == null) {
                return null;
            }
            connection.dequeued(write.size());
            for (ByteString next = queue.peek(); next != null && write.size() + next.size() <= maxWriteBytes;
                 next = queue.peek()) {
                ByteString taken = queue.poll();
                connection.dequeued(taken.size());
                write = write.concat(taken);
            }
            return write;
        }
    }
}
