package io.warden.persistence.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Encodes one frame (see {@link LogFormat}) into a reusable direct buffer, so the writer thread
 * allocates nothing per batch and the channel writes without an extra copy.
 */
final class FrameBuilder {

    private final int maxFrameBytes;
    private ByteBuffer buffer;
    private long firstLogIndex;
    private int count;

    FrameBuilder(int initialCapacity, int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
        this.buffer = ByteBuffer.allocateDirect(Math.min(initialCapacity, maxFrameBytes));
    }

    void begin(long firstLogIndex) {
        this.firstLogIndex = firstLogIndex;
        this.count = 0;
        buffer.clear();
        buffer.position(LogFormat.FRAME_HEADER_SIZE + LogFormat.BODY_HEADER_SIZE);
    }

    int count() {
        return count;
    }

    void putAppend(byte[] pidUtf8, long sequenceNr, byte[] data) {
        ensure(LogFormat.appendEntrySize(pidUtf8.length, data.length));
        buffer.put(LogFormat.KIND_APPEND).putShort((short) pidUtf8.length).put(pidUtf8)
                .putLong(sequenceNr).putInt(data.length).put(data);
        count++;
    }

    void putDeleteTo(byte[] pidUtf8, long toSequenceNr) {
        ensure(LogFormat.deleteEntrySize(pidUtf8.length));
        buffer.put(LogFormat.KIND_DELETE_TO).putShort((short) pidUtf8.length).put(pidUtf8)
                .putLong(toSequenceNr);
        count++;
    }

    /** Completes header, CRC and padding; returns the frame ready to write (valid until next begin). */
    ByteBuffer finish() {
        if (count == 0) {
            throw new IllegalStateException("a frame needs at least one entry");
        }
        ensure(1);
        buffer.put(LogFormat.END_MARK);
        int bodyEnd = buffer.position();
        int bodyLength = bodyEnd - LogFormat.FRAME_HEADER_SIZE;
        buffer.putLong(LogFormat.FRAME_HEADER_SIZE, firstLogIndex);
        buffer.putInt(LogFormat.FRAME_HEADER_SIZE + 8, count);
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(LogFormat.FRAME_HEADER_SIZE, bodyLength));
        buffer.putInt(0, bodyLength);
        buffer.putInt(4, (int) crc.getValue());
        int frameSize = (int) LogFormat.frameSize(bodyLength);
        ensure(frameSize - bodyEnd);
        while (buffer.position() < frameSize) {
            buffer.put((byte) 0);
        }
        buffer.flip();
        return buffer;
    }

    private void ensure(int more) {
        long needed = (long) buffer.position() + more + LogFormat.ALIGNMENT;
        if (needed > maxFrameBytes + (long) LogFormat.ALIGNMENT) {
            throw new IllegalStateException("frame would exceed " + maxFrameBytes + " bytes");
        }
        if (needed <= buffer.capacity()) {
            return;
        }
        long grown = Math.max(needed, Math.min((long) buffer.capacity() * 2, maxFrameBytes + (long) LogFormat.ALIGNMENT));
        ByteBuffer bigger = ByteBuffer.allocateDirect((int) grown);
        buffer.flip();
        bigger.put(buffer);
        buffer = bigger;
    }
}
