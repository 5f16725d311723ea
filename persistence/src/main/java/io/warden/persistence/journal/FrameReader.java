package io.warden.persistence.journal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads frames in order from a segment between two offsets, checking each CRC. It stops at the
 * first frame it cannot trust and says why; deciding whether that is a torn tail or corruption
 * is {@link LogRecovery}'s job. Reads are positional, so several readers may share a channel
 * with the writer.
 */
final class FrameReader {

    /** What the reader found at its position. */
    sealed interface Result permits Frame, End, Invalid {
    }

    /** A frame whose CRC matched; {@code body} is valid until the next call to {@link #next}. */
    record Frame(long offset, long nextOffset, ByteBuffer body) implements Result {
    }

    /** The reader reached its limit exactly at a frame boundary. */
    record End(long offset) implements Result {
    }

    /** The bytes at {@code offset} are not a frame; {@code claimedBodyLength} as read from the header. */
    record Invalid(long offset, Problem problem, int claimedBodyLength) implements Result {
    }

    enum Problem {
        /** Eight zero bytes: the preallocated area, or a header never written. */
        ZERO_HEADER,
        /** The frame would end past the limit (the file is shorter than the frame claims). */
        TRUNCATED,
        /** A non-zero header with an impossible length: a torn write cannot produce one. */
        BAD_LENGTH,
        /** Plausible header, body does not match its CRC. */
        CRC_MISMATCH
    }

    private static final int DEFAULT_BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final long limit;
    private final int maxBodyLength;
    private ByteBuffer buffer;
    private long bufferStart;
    private int bufferLength;
    private long position;

    FrameReader(FileChannel channel, long start, long limit, int maxBodyLength) {
        this.channel = channel;
        this.position = start;
        this.limit = limit;
        this.maxBodyLength = maxBodyLength;
        this.buffer = ByteBuffer.allocate((int) Math.min(DEFAULT_BUFFER_BYTES, Math.max(4096, limit - start)));
    }

    long position() {
        return position;
    }

    Result next() throws IOException {
        if (position >= limit) {
            return new End(position);
        }
        if (limit - position < LogFormat.FRAME_HEADER_SIZE) {
            return new Invalid(position, Problem.TRUNCATED, -1);
        }
        int at = window(position, LogFormat.FRAME_HEADER_SIZE);
        int bodyLength = buffer.getInt(at);
        int crc = buffer.getInt(at + 4);
        if (bodyLength == 0 && crc == 0) {
            return new Invalid(position, Problem.ZERO_HEADER, 0);
        }
        if (bodyLength < LogFormat.BODY_OVERHEAD || bodyLength > maxBodyLength) {
            return new Invalid(position, Problem.BAD_LENGTH, bodyLength);
        }
        long frameEnd = position + LogFormat.FRAME_HEADER_SIZE + bodyLength;
        if (frameEnd > limit) {
            return new Invalid(position, Problem.TRUNCATED, bodyLength);
        }
        at = window(position, LogFormat.FRAME_HEADER_SIZE + bodyLength);
        ByteBuffer body = buffer.slice(at + LogFormat.FRAME_HEADER_SIZE, bodyLength);
        if (LogFormat.crc(body) != crc) {
            return new Invalid(position, Problem.CRC_MISMATCH, bodyLength);
        }
        long frameOffset = position;
        position = Math.min(limit, frameOffset + LogFormat.frameSize(bodyLength));
        return new Frame(frameOffset, position, body);
    }

    /** Makes {@code [offset, offset+length)} available in the buffer; returns its index there. */
    private int window(long offset, int length) throws IOException {
        if (offset >= bufferStart && offset + length <= bufferStart + bufferLength) {
            return (int) (offset - bufferStart);
        }
        if (length > buffer.capacity()) {
            buffer = ByteBuffer.allocate(Math.max(length, DEFAULT_BUFFER_BYTES));
        }
        int want = (int) Math.min(buffer.capacity(), limit - offset);
        buffer.clear().limit(want);
        readFully(channel, buffer, offset, length);
        bufferStart = offset;
        bufferLength = buffer.position();
        buffer.clear();
        return 0;
    }

    /** Reads until at least {@code atLeast} bytes arrived or the buffer is full. */
    static void readFully(FileChannel channel, ByteBuffer dst, long offset, int atLeast) throws IOException {
        int start = dst.position();
        while (dst.position() - start < atLeast) {
            int n = channel.read(dst, offset + dst.position() - start);
            if (n < 0) {
                throw new EOFException("end of file at offset " + (offset + dst.position() - start)
                        + " while reading " + atLeast + " bytes from offset " + offset);
            }
        }
    }
}
