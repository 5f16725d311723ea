package io.warden.actors.endpoint;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Cuts a connection's bytes into {@link Inbound} items. Wire grammar (ZooKeeper's):
 * <pre>
 *   connection := fourLetterWord | frame*
 *   frame      := length:int32-big-endian payload:byte[length]     (0 <= length <= maxFrameBytes)
 * </pre>
 * ZooKeeper decides between the two by reading the first four bytes as a length and checking
 * whether they spell a known word; a word's value is far above any legal frame length, so the
 * two can't be confused. An unknown word is therefore a "Len error" like any oversized length,
 * reported as a last {@link Inbound.Invalid} item so the connection is closed, not reset;
 * whether a known word may run is the whitelist's business, not the framer's. A connection that
 * opens with a word carries nothing else: whatever follows it ("stat\r\n\r\n" from a terminal,
 * say) is read and dropped, as ZooKeeper ignores it, rather than parsed into a length error.
 *
 * <p>The cutting itself is {@link Framer}'s; this stage runs it on its own, for tests and tools.
 * Memory stays bounded: the stage pulls more bytes only when no complete frame is buffered,
 * so it holds at most one frame plus one TCP read.
 */
public final class InboundFraming extends GraphStage<FlowShape<ByteString, Inbound>> {
    private final int maxFrameBytes;
    private final Inlet<ByteString> in = Inlet.create("InboundFraming.in");
    private final Outlet<Inbound> out = Outlet.create("InboundFraming.out");
    private final FlowShape<ByteString, Inbound> shape = FlowShape.of(in, out);

    public InboundFraming(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public FlowShape<ByteString, Inbound> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes inheritedAttributes) {
        return new GraphStageLogic(shape) {
            private final Framer framer = new Framer(maxFrameBytes);

            {
                setHandler(in, new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        framer.add(grab(in));
                        emitOrPull();
                    }

                    @Override
                    public void onUpstreamFinish() {
                        // A partial frame at the end is a client that went away mid-send: drop it.
                        if (framer.buffered() < 4 || isAvailable(out) && !tryEmit()) {
                            completeStage();
                        }
                    }
                });
                setHandler(out, new AbstractOutHandler() {
                    @Override
                    public void onPull() {
                        emitOrPull();
                    }
                });
            }

            private void emitOrPull() {
                if (!isAvailable(out)) {
                    return;
                }
                if (tryEmit()) {
                    if (isClosed(in) && framer.buffered() < 4) {
                        completeStage();
                    }
                } else if (isClosed(in)) {
                    completeStage();
                } else if (!hasBeenPulled(in)) {
                    pull(in);
                }
            }

            /** Pushes one item if a whole one is buffered. */
            private boolean tryEmit() {
                Inbound item = framer.next();
                if (item == null) {
                    return false;
                }
                push(out, item);
                if (framer.isFinished()) {
                    completeStage();
                }
                return true;
            }
        };
    }
}
