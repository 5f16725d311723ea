package io.warden.persistence.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The reading twin of {@link CrcOutput}: a buffered reader that checksums what it consumes and
 * knows its offset, so every error names the field and where it was read.
 */
final class CrcInput {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private final CRC32C crc = new CRC32C();
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int position;
    private int limit;
    /** The checksum covers everything before buffer[crcFrom]. */
    private int crcFrom;
    private boolean checksumming = true;
    /** Bytes before the buffer's start. */
    private long base;
    private String field = "header";
    private long fieldOffset;

    CrcInput(InputStream in) {
        this.in = in;
    }

    long offset() {
        return base + position;
    }

    /** Names the field about to be read, for error messages. */
    CrcInput field(String name) {
        field = name;
        fieldOffset = offset();
        return this;
    }

    SnapshotFormatException error(String problem) {
        return new SnapshotFormatException("corrupt snapshot: " + problem + " (field " + field + " at offset "
                + fieldOffset + ")");
    }

    int u8() throws IOException {
        ensure(1);
        return buffer[position++] & 0xFF;
    }

    int i32() throws IOException {
        ensure(4);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = value << 8 | (buffer[position++] & 0xFF);
        }
        return value;
    }

    long i64() throws IOException {
        ensure(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (buffer[position++] & 0xFF);
        }
        return value;
    }

    long varlong() throws IOException {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = u8();
            if (shift == 63 && (b & 0xFE) != 0) {
                throw error("varint overflows 64 bits");
            }
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    long zigzag() throws IOException {
        long v = varlong();
        return (v >>> 1) ^ -(v & 1);
    }

    /** A varint that must lie in [0, max]. */
    int count(long max) throws IOException {
        long value = varlong();
        if (value < 0 || value > max) {
            throw error("value " + Long.toUnsignedString(value) + " outside [0, " + max + "]");
        }
        return (int) value;
    }

    byte[] bytes(int max) throws IOException {
        return raw(count(max));
    }

    /** Reads what {@link CrcOutput#nullableBytes} wrote: null for a 0 length field. */
    byte[] nullableBytes(int max) throws IOException {
        int lengthPlusOne = count(max + 1L);
        return lengthPlusOne == 0 ? null : raw(lengthPlusOne - 1);
    }

    private byte[] raw(int length) throws IOException {
        byte[] bytes = new byte[length];
        int copied = 0;
        while (copied < length) {
            ensure(1);
            int chunk = Math.min(length - copied, limit - position);
            System.arraycopy(buffer, position, bytes, copied, chunk);
            position += chunk;
            copied += chunk;
        }
        return bytes;
    }

    String string(int max) throws IOException {
        byte[] bytes = bytes(max);
        if (isAscii(bytes)) {
            // The common case, and much cheaper than a strict decoder.
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        try {
            return utf8.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error("not valid UTF-8");
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads the trailer and checks it against the CRC32C of everything before it. */
    void verifyCrc() throws IOException {
        crc.update(buffer, crcFrom, position - crcFrom);
        crcFrom = position;
        checksumming = false;
        int computed = (int) crc.getValue();
        field("trailer crc");
        int stored = i32();
        if (stored != computed) {
            throw error(String.format("CRC32C mismatch: stored %08x, computed %08x", stored, computed));
        }
    }

    private void ensure(int bytes) throws IOException {
        if (limit - position < bytes) {
            if (checksumming) {
                crc.update(buffer, crcFrom, position - crcFrom);
            }
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            base += position;
            limit -= position;
            position = 0;
            crcFrom = 0;
            fill(bytes);
        }
    }

    private void fill(int bytes) throws IOException {
        while (limit < bytes) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                throw new SnapshotFormatException("truncated snapshot: the stream ended at offset " + (base + limit)
                        + " while reading field " + field + " (started at offset " + fieldOffset + ")");
            }
            limit += read;
        }
    }
}
