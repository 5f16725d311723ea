package io.warden.api.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The client protocol's framing: every message, both ways, is
 * <pre>
 * frame = length:int payload[length]      ; big-endian, 0 &lt;= length &lt;= maxPayloadBytes
 * </pre>
 * The limit is ZooKeeper's {@code jute.maxbuffer} (default {@value #DEFAULT_MAX_PAYLOAD_BYTES}
 * bytes). Both ZooKeeper's server and its client accept a payload of exactly the limit and
 * refuse a negative length or anything above it, before allocating, and then close the
 * connection; the checks here do the same.
 *
 * <p>Stream users: {@link PekkoFraming} wraps Pekko's {@code Framing.lengthField} with this
 * check; anything else reads 4 bytes, calls {@link #checkPayloadLength}, then reads the payload.
 */
public final class Frames {
    public static final int LENGTH_PREFIX_BYTES = 4;
    /** ZooKeeper's default {@code jute.maxbuffer}: 0xfffff. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 0xfffff;

    private Frames() {}

    /**
     * Returns {@code length} when a payload of that many bytes is allowed under
     * {@code maxPayloadBytes}; throws {@link WireFormatException} otherwise.
     */
    public static int checkPayloadLength(int length, int maxPayloadBytes) {
        if (length < 0 || length > maxPayloadBytes) {
            throw new WireFormatException("frame length " + length + " is negative or greater than jute.maxbuffer="
                    + maxPayloadBytes + ": a malformed message or one too large to process");
        }
        return length;
    }

    /**
     * Reads the length prefix at {@code buf}'s position (without moving it) and checks it.
     *
     * @throws WireFormatException when fewer than 4 bytes remain or the length is not allowed
     */
    public static int payloadLength(ByteBuffer buf, int maxPayloadBytes) {
        if (buf.remaining() < LENGTH_PREFIX_BYTES) {
            throw new WireFormatException("frame length prefix needs 4 bytes, " + buf.remaining() + " given");
        }
        int length = buf.order() == ByteOrder.BIG_ENDIAN
                ? buf.getInt(buf.position())
                : Integer.reverseBytes(buf.getInt(buf.position()));
        return checkPayloadLength(length, maxPayloadBytes);
    }

    /**
     * The payload of one whole frame (prefix included), as a view without copying: position
     * after the prefix, limit at the frame's end. The prefix must match the frame's size.
     *
     * @throws WireFormatException when the prefix disagrees with the frame's size
     */
    public static ByteBuffer payload(ByteBuffer frame, int maxPayloadBytes) {
        int length = payloadLength(frame, maxPayloadBytes);
        if (length != frame.remaining() - LENGTH_PREFIX_BYTES) {
            throw new WireFormatException("frame length prefix says " + length + " bytes but the frame carries "
                    + (frame.remaining() - LENGTH_PREFIX_BYTES));
        }
        return frame.duplicate().position(frame.position() + LENGTH_PREFIX_BYTES).slice();
    }

    /**
     * The first 4 bytes of a connection read as ASCII. ZooKeeper answers a "four-letter word"
     * ({@code ruok}, {@code stat}, {@code mntr}...) sent where the first frame's length prefix
     * would be, so an endpoint looks at this before framing the connection.
     */
    public static String asFourLetterWord(int lengthPrefix) {
        byte[] bytes = {(byte) (lengthPrefix >>> 24), (byte) (lengthPrefix >>> 16), (byte) (lengthPrefix >>> 8),
            (byte) lengthPrefix};
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
