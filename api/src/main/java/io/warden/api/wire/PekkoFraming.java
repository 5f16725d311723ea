package io.warden.api.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.util.ByteString;

/**
 * Glue between the codec and Pekko Streams, kept out of the codec classes so those stay free of
 * Pekko. A connection is framed with {@link #frames}, each frame's payload handed to the codec
 * with {@link #payload}, and each encoded frame handed back with {@link #toByteString}: no byte
 * is copied on either side beyond what the framing stage itself does.
 */
public final class PekkoFraming {
    private PekkoFraming() {}

    /**
     * Cuts a byte stream into whole frames (each emitted with its 4-byte prefix). A negative or
     * too large length fails the stream with {@link WireFormatException} before any payload is
     * buffered, as ZooKeeper closes the connection then.
     */
    public static Flow<ByteString, ByteString, NotUsed> frames(int maxPayloadBytes) {
        if (maxPayloadBytes < 0 || maxPayloadBytes > Integer.MAX_VALUE - Frames.LENGTH_PREFIX_BYTES) {
            throw new IllegalArgumentException("maxPayloadBytes out of range: " + maxPayloadBytes);
        }
        return Framing.lengthField(Frames.LENGTH_PREFIX_BYTES, 0, maxPayloadBytes + Frames.LENGTH_PREFIX_BYTES,
                ByteOrder.BIG_ENDIAN,
                (prefix, length) -> Frames.checkPayloadLength(length, maxPayloadBytes) + Frames.LENGTH_PREFIX_BYTES);
    }

    /** The payload of a frame from {@link #frames}, as a heap buffer over the frame's own bytes. */
    public static ByteBuffer payload(ByteString frame) {
        if (frame.length() < Frames.LENGTH_PREFIX_BYTES) {
            throw new WireFormatException("frame shorter than its length prefix: " + frame.length() + " bytes");
        }
        // Framing.lengthField emits compact ByteStrings, whose backing array comes without a copy.
        byte[] bytes = frame.toArrayUnsafe();
        return ByteBuffer.wrap(bytes, Frames.LENGTH_PREFIX_BYTES, bytes.length - Frames.LENGTH_PREFIX_BYTES);
    }

    /** An encoded frame (from the codec's encoders) as a ByteString sharing its array. */
    public static ByteString toByteString(ByteBuffer encodedFrame) {
        if (!encodedFrame.hasArray()) {
            return ByteString.fromByteBuffer(encodedFrame);
        }
        return ByteString.fromArrayUnsafe(encodedFrame.array(), encodedFrame.arrayOffset() + encodedFrame.position(),
                encodedFrame.remaining());
    }
}
