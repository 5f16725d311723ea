package io.warden.actors.endpoint;

import io.warden.actors.config.FourLetterWords;
import java.nio.ByteOrder;
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
 * <p>Memory stays bounded: the stage pulls more bytes only when no complete frame is buffered,
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
            private ByteString buffer = ByteString.emptyByteString();
            private boolean first = true;
            private boolean wordOnly;
            /** "stmk" was read; its 8-byte mask has not all arrived yet. */
            private boolean awaitingMask;

            {
                setHandler(in, new AbstractInHandler() {
                    @Override
                    public void onPush() {
                        buffer = buffer.concat(grab(in));
                        emitOrPull();
                    }

                    @Override
                    public void onUpstreamFinish() {
                        // A partial frame at the end is a client that went away mid-send: drop it.
                        if (buffer.size() < 4 || isAvailable(out) && !tryEmit()) {
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
                    if (isClosed(in) && buffer.size() < 4) {
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
                if (awaitingMask) {
                    return tryEmitMask();
                }
                if (wordOnly) {
                    buffer = ByteString.emptyByteString();
                    return false;
                }
                if (buffer.size() < 4) {
                    return false;
                }
                if (first) {
                    first = false;
                    String word = asciiWord(buffer);
                    if (word != null && FourLetterWords.KNOWN.contains(word)) {
                        if (word.equals(SET_TRACE_MASK)) {
                            awaitingMask = true;
                            return tryEmitMask();
                        }
                        buffer = ByteString.emptyByteString();
                        wordOnly = true;
                        push(out, new Inbound.FourLetterWord(word));
                        return true;
                    }
                }
                int length = buffer.iterator().getInt(ByteOrder.BIG_ENDIAN);
                if (length < 0 || length > maxFrameBytes) {
                    buffer = ByteString.emptyByteString();
                    push(out, new Inbound.Invalid("Len error " + length
                            + ": frame length must be between 0 and jute.maxbuffer=" + maxFrameBytes));
                    completeStage();
                    return true;
                }
                if (buffer.size() < 4 + length) {
                    return false;
                }
                ByteString payload = buffer.slice(4, 4 + length).compact();
                buffer = buffer.drop(4 + length);
                push(out, new Inbound.Frame(payload));
                return true;
            }

            /**
             * "stmk" carries the mask to set as the 8 bytes after the word (ZooKeeper reads them
             * with getLong). A connection that ends before all 8 arrived gets no answer.
             */
            private boolean tryEmitMask() {
                if (buffer.size() < 4 + Long.BYTES) {
                    return false;
                }
                long mask = buffer.slice(4, 4 + Long.BYTES).iterator().getLong(ByteOrder.BIG_ENDIAN);
                buffer = ByteString.emptyByteString();
                awaitingMask = false;
                wordOnly = true;
                push(out, new Inbound.FourLetterWord(SET_TRACE_MASK, mask));
                return true;
            }
        };
    }

    private static final String SET_TRACE_MASK = "stmk";

    private static String asciiWord(ByteString bytes) {
        char[] chars = new char[4];
        for (int i = 0; i < 4; i++) {
            byte b = bytes.apply(i);
            if (b < 'a' || b > 'z') {
                return null;
            }
            chars[i] = (char) b;
        }
        return new String(chars);
    }
}
