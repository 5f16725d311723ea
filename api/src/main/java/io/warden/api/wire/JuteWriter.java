package io.warden.api.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Writes jute's binary encoding (grammar in {@link JuteReader}) into one growable array.
 *
 * <p>A writer made by {@link #forFrame} reserves the 4-byte length prefix up front and patches
 * it in {@link #finishFrame}, so a whole frame is encoded in one pass into one array and handed
 * out without a copy. Start it with a good size hint and it never grows.
 *
 * <p>Strings are encoded as ZooKeeper's own writer does: each UTF-16 unit on its own as one to
 * three bytes. That is plain UTF-8 for every character of the Basic Multilingual Plane; a
 * supplementary character comes out as two 3-byte surrogates (CESU-8), byte-identical to what
 * ZooKeeper sends.
 */
public final class JuteWriter {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Largest array most JVMs will allocate. */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private byte[] buf;
    private int size;
    private final boolean framed;

    private JuteWriter(int initialCapacity, boolean framed) {
        this.buf = new byte[Math.max(16, initialCapacity)];
        this.framed = framed;
        this.size = framed ? Frames.LENGTH_PREFIX_BYTES : 0;
    }

    /** A writer of bare jute bytes (no length prefix). */
    public JuteWriter(int initialCapacity) {
        this(initialCapacity, false);
    }

    /** A writer of one frame: the length prefix is reserved now and filled in by {@link #finishFrame}. */
    public static JuteWriter forFrame(int payloadSizeHint) {
        long capacity = Math.min((long) MAX_CAPACITY, (long) Frames.LENGTH_PREFIX_BYTES + Math.max(0, payloadSizeHint));
        return new JuteWriter((int) capacity, true);
    }

    /** Bytes written so far (including the reserved prefix of a frame writer). */
    public int size() {
        return size;
    }

    public void writeInt(int value) {
        ensure(Integer.BYTES);
        INT.set(buf, size, value);
        size += Integer.BYTES;
    }

    public void writeLong(long value) {
        ensure(Long.BYTES);
        LONG.set(buf, size, value);
        size += Long.BYTES;
    }

    public void writeBool(boolean value) {
        ensure(1);
        buf[size++] = value ? (byte) 1 : (byte) 0;
    }

    /** A jute buffer; null is written as length -1. */
    public void writeBuffer(byte[] bytes) {
        if (bytes == null) {
            writeInt(-1);
            return;
        }
        ensure(Integer.BYTES + (long) bytes.length);
        INT.set(buf, size, bytes.length);
        System.arraycopy(bytes, 0, buf, size + Integer.BYTES, bytes.length);
        size += Integer.BYTES + bytes.length;
    }

    /** A jute ustring; null is written as length -1. */
    public void writeUstring(String s) {
        if (s == null) {
            writeInt(-1);
            return;
        }
        int chars = s.length();
        // Room for the all-ASCII case only, so a tight size hint holds for the usual paths.
        ensure(Integer.BYTES + (long) chars);
        int start = size + Integer.BYTES;
        int p = start;
        int i = 0;
        byte[] b = buf;
        for (; i < chars; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            b[p++] = (byte) c;
        }
        if (i < chars) {
            ensureCapacity(p + 3L * (chars - i));
            b = buf;
            for (; i < chars; i++) {
                p = putChar(b, p, s.charAt(i));
            }
        }
        INT.set(b, size, p - start);
        size = p;
    }

    private static int putChar(byte[] b, int p, char c) {
        if (c < 0x80) {
            b[p++] = (byte) c;
        } else if (c < 0x800) {
            b[p++] = (byte) (0xc0 | (c >> 6));
            b[p++] = (byte) (0x80 | (c & 0x3f));
        } else {
            b[p++] = (byte) (0xe0 | (c >> 12));
            b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
            b[p++] = (byte) (0x80 | (c & 0x3f));
        }
        return p;
    }

    /** A vector of ustrings; null is written as count -1. */
    public void writeUstringVector(List<String> strings) {
        if (strings == null) {
            writeInt(-1);
            return;
        }
        writeInt(strings.size());
        for (int i = 0, n = strings.size(); i < n; i++) {
            writeUstring(strings.get(i));
        }
    }

    /** A vector whose elements are written by {@code element}; null is written as count -1. */
    public <T> void writeVector(List<T> list, ElementWriter<T> element) {
        if (list == null) {
            writeInt(-1);
            return;
        }
        writeInt(list.size());
        for (int i = 0, n = list.size(); i < n; i++) {
            element.write(this, list.get(i));
        }
    }

    /**
     * Fills in the length prefix and returns the frame: a heap buffer over this writer's array,
     * position 0, limit the frame's size (prefix included). The writer must not be used after.
     */
    public ByteBuffer finishFrame() {
        if (!framed) {
            throw new IllegalStateException("finishFrame on a writer that was not started with forFrame");
        }
        INT.set(buf, 0, size - Frames.LENGTH_PREFIX_BYTES);
        return ByteBuffer.wrap(buf, 0, size);
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(long extra) {
        ensureCapacity(size + extra);
    }

    private void ensureCapacity(long needed) {
        if (needed <= buf.length) {
            return;
        }
        if (needed > MAX_CAPACITY) {
            throw new IllegalArgumentException("message too large to encode: " + needed + " bytes");
        }
        long doubled = Math.min((long) MAX_CAPACITY, 2L * buf.length);
        buf = Arrays.copyOf(buf, (int) Math.max(needed, doubled));
    }

    /** Writes one vector element. */
    @FunctionalInterface
    public interface ElementWriter<T> {
        void write(JuteWriter out, T element);
    }
}
