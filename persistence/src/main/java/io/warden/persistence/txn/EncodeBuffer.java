package io.warden.persistence.txn;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.zip.CRC32C;

/**
 * A growable in-memory buffer for encoders that write several records into one array: it
 * exposes what a plain {@link ByteArrayOutputStream} hides (a CRC over a range, patching a
 * length written before its record), so a batch of txns is encoded once, in place, instead of
 * each txn into an array of its own that is then copied into the batch. Not thread-safe.
 */
public final class EncodeBuffer extends ByteArrayOutputStream {
    private final DataOutputStream data = new DataOutputStream(this);

    public EncodeBuffer(int initialBytes) {
        super(Math.max(16, initialBytes));
    }

    /** A DataOutput view that writes into this buffer (no buffering of its own). */
    public DataOutputStream dataOutput() {
        return data;
    }

    /** CRC32C of the bytes from {@code from} to the current end. */
    public int crc32c(int from) {
        checkRange(from, count);
        CRC32C crc = new CRC32C();
        crc.update(buf, from, count - from);
        return (int) crc.getValue();
    }

    /** Overwrites four bytes written earlier at {@code at}, big-endian (a length placeholder). */
    public void patchInt(int at, int value) {
        checkRange(at, at + 4);
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }

    private void checkRange(int from, int to) {
        if (from < 0 || from > to || to > count) {
            throw new IndexOutOfBoundsException("range " + from + ".." + to + " outside 0.." + count);
        }
    }
}
