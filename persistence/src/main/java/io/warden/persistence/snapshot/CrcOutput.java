package io.warden.persistence.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * A buffered big-endian writer that checksums what it writes (CRC32C), chunk by chunk, so the
 * snapshot streams through a fixed 64 KiB buffer whatever its size.
 */
final class CrcOutput {
    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private final CRC32C crc = new CRC32C();
    private int position;
    private long written;

    CrcOutput(OutputStream out) {
        this.out = out;
    }

    void u8(int value) throws IOException {
        ensure(1);
        buffer[position++] = (byte) value;
    }

    void i32(int value) throws IOException {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[position++] = (byte) (value >>> shift);
        }
    }

    void i64(long value) throws IOException {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[position++] = (byte) (value >>> shift);
        }
    }

    /** Unsigned LEB128: 7 bits per byte, low bits first, at most 10 bytes. */
    void varlong(long value) throws IOException {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[position++] = (byte) v;
    }

    /** Zig-zag then LEB128: small negative numbers stay short. */
    void zigzag(long value) throws IOException {
        varlong((value << 1) ^ (value >> 63));
    }

    void bytes(byte[] bytes) throws IOException {
        varlong(bytes.length);
        raw(bytes);
    }

    /** Length + 1 then the bytes, or a lone 0 for null: null and empty stay apart. */
    void nullableBytes(byte[] bytes) throws IOException {
        if (bytes == null) {
            varlong(0);
            return;
        }
        varlong(bytes.length + 1L);
        raw(bytes);
    }

    private void raw(byte[] bytes) throws IOException {
        int offset = 0;
        while (offset < bytes.length) {
            ensure(1);
            int chunk = Math.min(bytes.length - offset, buffer.length - position);
            System.arraycopy(bytes, offset, buffer, position, chunk);
            position += chunk;
            offset += chunk;
        }
    }

    void string(String s) throws IOException {
        bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the CRC32C of everything so far (itself unchecksummed) and flushes. */
    void finishWithCrc() throws IOException {
        drain();
        int value = (int) crc.getValue();
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(value >>> shift);
        }
        written += 4;
        out.flush();
    }

    long written() {
        return written + position;
    }

    private void ensure(int bytes) throws IOException {
        if (buffer.length - position < bytes) {
            drain();
        }
    }

    private void drain() throws IOException {
        crc.update(buffer, 0, position);
        out.write(buffer, 0, position);
        written += position;
        position = 0;
    }
}
