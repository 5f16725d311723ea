package io.warden.api.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads jute's binary encoding from the bytes between a buffer's position and its limit,
 * without moving the buffer's own position (it keeps an index of its own), so the caller's
 * buffer can be shared or re-read.
 *
 * <p>Grammar (all numbers big-endian):
 * <pre>
 * int     = 4 bytes, two's complement
 * long    = 8 bytes, two's complement
 * boolean = 1 byte, 0 is false and anything else true (as DataInput reads it)
 * buffer  = length:int bytes[length]            ; length -1 means null
 * ustring = length:int utf8[length]             ; length -1 means null
 * vector  = count:int element[count]            ; count -1 means null
 * </pre>
 *
 * <p>Rule: nothing is allocated on the word of a length field alone. Every length is checked
 * against the bytes left in the frame before anything is allocated, and a vector's count
 * against the smallest size its elements can have, so garbage costs at most a few times the
 * frame's own size and always ends in a {@link WireFormatException} naming the field.
 */
public final class JuteReader {
    /** Smallest encoding of a ustring or buffer: the length alone. */
    public static final int MIN_USTRING_BYTES = 4;

    private final ByteBuffer buf;
    private final int limit;
    private int pos;

    /** A reader of {@code buf}'s remaining bytes; {@code buf} itself is not modified. */
    public JuteReader(ByteBuffer buf) {
        // Absolute gets follow the buffer's byte order; jute is big-endian whatever the caller set.
        this.buf = buf.order() == ByteOrder.BIG_ENDIAN ? buf : buf.duplicate().order(ByteOrder.BIG_ENDIAN);
        this.pos = buf.position();
        this.limit = buf.limit();
    }

    /** Bytes not read yet. */
    public int remaining() {
        return limit - pos;
    }

    public int readInt(String field) {
        require(Integer.BYTES, field);
        int value = buf.getInt(pos);
        pos += Integer.BYTES;
        return value;
    }

    public long readLong(String field) {
        require(Long.BYTES, field);
        long value = buf.getLong(pos);
        pos += Long.BYTES;
        return value;
    }

    public boolean readBool(String field) {
        require(1, field);
        return buf.get(pos++) != 0;
    }

    /** A jute buffer: a fresh array, or null for length -1. */
    public byte[] readBuffer(String field) {
        int length = readLength(field);
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buf.get(pos, bytes, 0, length);
        pos += length;
        return bytes;
    }

    /**
     * A jute ustring, or null for length -1. Malformed UTF-8 becomes U+FFFD rather than an
     * error, as in ZooKeeper's own reader.
     */
    public String readUstring(String field) {
        int length = readLength(field);
        if (length <= 0) {
            return length == 0 ? "" : null;
        }
        String s;
        if (buf.hasArray()) {
            s = new String(buf.array(), buf.arrayOffset() + pos, length, StandardCharsets.UTF_8);
        } else {
            byte[] bytes = new byte[length];
            buf.get(pos, bytes, 0, length);
            s = new String(bytes, StandardCharsets.UTF_8);
        }
        pos += length;
        return s;
    }

    /**
     * A vector's element count, or -1 for a null vector. The count is refused when even
     * elements of {@code minElementBytes} each could not fit in what is left of the frame.
     */
    public int readVectorCount(String field, int minElementBytes) {
        int count = readInt(field);
        if (count == -1) {
            return -1;
        }
        if (count < -1) {
            throw new WireFormatException(field + ": negative vector count " + count);
        }
        if ((long) count * minElementBytes > remaining()) {
            throw new WireFormatException(field + ": vector count " + count + " cannot fit in the "
                    + remaining() + " bytes left in the frame");
        }
        return count;
    }

    /** A vector whose elements are read by {@code element}; null for a null vector. */
    public <T> List<T> readVector(String field, int minElementBytes, ElementReader<T> element) {
        int count = readVectorCount(field, Math.max(1, minElementBytes));
        if (count < 0) {
            return null;
        }
        if (count == 0) {
            return List.of();
        }
        List<T> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(element.read(this));
        }
        return Collections.unmodifiableList(list);
    }

    /** A vector of ustrings (elements may themselves be null, as jute allows). */
    public List<String> readUstringVector(String field) {
        int count = readVectorCount(field, MIN_USTRING_BYTES);
        if (count < 0) {
            return null;
        }
        if (count == 0) {
            return List.of();
        }
        List<String> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(readUstring(field));
        }
        return Collections.unmodifiableList(list);
    }

    private int readLength(String field) {
        int length = readInt(field);
        if (length == -1) {
            return -1;
        }
        if (length < -1) {
            throw new WireFormatException(field + ": negative length " + length);
        }
        if (length > remaining()) {
            throw new WireFormatException(field + ": length " + length + " runs past the end of the frame ("
                    + remaining() + " bytes left)");
        }
        return length;
    }

    private void require(int bytes, String field) {
        if (limit - pos < bytes) {
            throw new WireFormatException(field + ": needs " + bytes + " bytes but the frame has "
                    + (limit - pos) + " left");
        }
    }

    /** Reads one vector element. */
    @FunctionalInterface
    public interface ElementReader<T> {
        T read(JuteReader in);
    }
}
