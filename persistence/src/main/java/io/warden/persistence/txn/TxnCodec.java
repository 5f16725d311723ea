package io.warden.persistence.txn;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Id;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The binary form of a {@link Txn}, as the event-sourced log persists it. Integers are
 * big-endian; {@code varint} is an unsigned LEB128 int (7 bits per byte, low bits first, at most
 * 5 bytes).
 *
 * <pre>
 * txn        = format:u8(=2) sessionId:i64 cxid:i32 zxid:i64 timeMs:i64 body crc:i32
 * crc        = CRC32C of every byte of the txn before it
 * body       = tag:u8 fields                 ; tag picks the body kind:
 *   1 create        = path data acl mode:u8 [ttlMs:i64] parentCVersion+1:varint
 *                                            ; mode = CreateMode flag; ttlMs only for TTL modes
 *   2 delete        = path
 *   3 setData       = path data version:i32
 *   4 setAcl        = path acl aversion:i32
 *   5 check         = path version:i32
 *   6 multi         = count:varint body*     ; nested bodies: never multi or session bodies
 *   7 createSession = timeoutMs:i32
 *   8 closeSession  = (nothing)
 *   9 failed        = code:i32              ; ZooKeeper's code number
 * path, string = length:varint utf8-bytes    ; strict UTF-8, at most MAX_STRING_BYTES
 * data       = 0:varint                     ; null data (ZooKeeper keeps null apart from empty)
 *            | length+1:varint bytes         ; length at most MAX_DATA_BYTES; 1 = empty data
 * acl        = count:varint (perms:i32 scheme:string id:string)*   ; 1..MAX_ACL_ENTRIES
 *            | 0:varint wellKnown:u8         ; 1 OPEN_ACL_UNSAFE, 2 CREATOR_ALL_ACL, 3 READ_ACL_UNSAFE
 * </pre>
 *
 * Format 2 added null data (format 1 wrote {@code length:varint bytes} and had no null); a
 * format-1 txn is refused as an unknown format rather than misread, since no format-1 log was
 * ever deployed.
 *
 * <p>The CRC makes a flipped bit an error instead of a different txn. Decoding checks every tag,
 * bound and value (a record's own validation included) and the CRC, and reports
 * the field and byte offset of the first problem as a {@link TxnFormatException}; it never
 * returns a txn other than the one encoded, and never allocates more than the bounds allow.
 */
public final class TxnCodec {
    public static final int FORMAT = 2;
    /** Generous: ZooKeeper's default jute.maxbuffer is 1 MiB, and a server may raise it. */
    public static final int MAX_DATA_BYTES = 64 << 20;
    public static final int MAX_STRING_BYTES = 1 << 20;
    public static final int MAX_ACL_ENTRIES = 1 << 16;
    public static final int MAX_MULTI_OPS = 1 << 20;

    private static final int CREATE = 1;
    private static final int DELETE = 2;
    private static final int SET_DATA = 3;
    private static final int SET_ACL = 4;
    private static final int CHECK = 5;
    private static final int MULTI = 6;
    private static final int CREATE_SESSION = 7;
    private static final int CLOSE_SESSION = 8;
    private static final int FAILED = 9;

    /** Most nodes carry one of these; they cost two bytes. */
    private static final List<List<Acl>> WELL_KNOWN_ACLS =
            List.of(Acl.OPEN_ACL_UNSAFE, Acl.CREATOR_ALL_ACL, Acl.READ_ACL_UNSAFE);
    private static final VarHandle BIG_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private TxnCodec() {
    }

    public static byte[] encode(Txn txn) {
        EncodeBuffer buffer = new EncodeBuffer(estimatedSize(txn));
        encodeTo(txn, buffer);
        return buffer.toByteArray();
    }

    public static void encode(Txn txn, DataOutput out) throws IOException {
        out.write(encode(txn));
    }

    /** Appends the txn's bytes to the buffer; the CRC covers only this txn. */
    public static void encodeTo(Txn txn, EncodeBuffer buffer) {
        int start = buffer.size();
        DataOutputStream out = buffer.dataOutput();
        try {
            out.writeByte(FORMAT);
            out.writeLong(txn.sessionId());
            out.writeInt(txn.cxid());
            out.writeLong(txn.zxid());
            out.writeLong(txn.timeMs());
            writeBody(txn.body(), out);
            out.writeInt(buffer.crc32c(start));
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream failed", e);
        }
    }

    /** About the encoded size (exact for most txns): sizes a buffer so it rarely grows. */
    public static int estimatedSize(Txn txn) {
        return 64 + bodySize(txn.body());
    }

    private static int bodySize(TxnBody body) {
        if (body instanceof TxnBody.Create c) {
            return 32 + c.path().length() + c.dataLength();
        } else if (body instanceof TxnBody.SetData s) {
            return 16 + s.path().length() + s.dataLength();
        } else if (body instanceof TxnBody.Multi m) {
            int size = 8;
            for (TxnBody op : m.ops()) {
                size += bodySize(op);
            }
            return size;
        }
        return 48;
    }

    private static void writeBody(TxnBody body, DataOutput out) throws IOException {
        if (body instanceof TxnBody.Create c) {
            out.writeByte(CREATE);
            writeString(c.path(), out);
            writeData(c.sharedData(), out);
            writeAcl(c.acl(), out);
            out.writeByte(c.mode().flag());
            if (c.mode().isTtl()) {
                out.writeLong(c.ttlMs());
            }
            writeVarint(c.parentCVersion() + 1, out);
        } else if (body instanceof TxnBody.Delete d) {
            out.writeByte(DELETE);
            writeString(d.path(), out);
        } else if (body instanceof TxnBody.SetData s) {
            out.writeByte(SET_DATA);
            writeString(s.path(), out);
            writeData(s.sharedData(), out);
            out.writeInt(s.version());
        } else if (body instanceof TxnBody.SetAcl a) {
            out.writeByte(SET_ACL);
            writeString(a.path(), out);
            writeAcl(a.acl(), out);
            out.writeInt(a.aversion());
        } else if (body instanceof TxnBody.Check c) {
            out.writeByte(CHECK);
            writeString(c.path(), out);
            out.writeInt(c.version());
        } else if (body instanceof TxnBody.Multi m) {
            out.writeByte(MULTI);
            writeVarint(m.ops().size(), out);
            for (TxnBody op : m.ops()) {
                writeBody(op, out);
            }
        } else if (body instanceof TxnBody.CreateSession s) {
            out.writeByte(CREATE_SESSION);
            out.writeInt(s.timeoutMs());
        } else if (body instanceof TxnBody.CloseSession) {
            out.writeByte(CLOSE_SESSION);
        } else if (body instanceof TxnBody.Failed f) {
            out.writeByte(FAILED);
            out.writeInt(f.code().intValue());
        } else {
            throw new IllegalStateException("no encoding for " + body);
        }
    }

    private static void writeVarint(int value, DataOutput out) throws IOException {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    private static void writeBytes(byte[] bytes, DataOutput out) throws IOException {
        writeVarint(bytes.length, out);
        out.write(bytes);
    }

    /** Length + 1, so that 0 can stand for null. */
    private static void writeData(byte[] data, DataOutput out) throws IOException {
        if (data == null) {
            writeVarint(0, out);
            return;
        }
        writeVarint(data.length + 1, out);
        out.write(data);
    }

    private static void writeString(String s, DataOutput out) throws IOException {
        writeBytes(s.getBytes(StandardCharsets.UTF_8), out);
    }

    private static void writeAcl(List<Acl> acl, DataOutput out) throws IOException {
        int wellKnown = WELL_KNOWN_ACLS.indexOf(acl);
        if (wellKnown >= 0) {
            writeVarint(0, out);
            out.writeByte(wellKnown + 1);
            return;
        }
        writeVarint(acl.size(), out);
        for (Acl entry : acl) {
            out.writeInt(entry.perms());
            writeString(entry.id().scheme(), out);
            writeString(entry.id().id(), out);
        }
    }

    /** Decodes exactly one txn filling the whole array; throws {@link TxnFormatException} otherwise. */
    public static Txn decode(byte[] bytes) {
        Reader in = new Reader(new DataInputStream(new ByteArrayInputStream(bytes)), bytes.length);
        try {
            Txn txn = in.txn();
            if (in.offset != bytes.length) {
                throw new TxnFormatException("trailing bytes after the txn at offset " + in.offset
                        + " of " + bytes.length);
            }
            return txn;
        } catch (IOException e) {
            throw in.failure("input", e);
        }
    }

    /**
     * Decodes one txn from the stream. A clean end before its first byte is an EOFException; an
     * end inside the txn is a {@link TxnFormatException} ("truncated txn").
     */
    public static Txn decode(DataInput in) throws IOException {
        Reader reader = new Reader(in, Long.MAX_VALUE);
        try {
            return reader.txn();
        } catch (EOFException e) {
            if (reader.offset == 0) {
                throw e;
            }
            throw reader.failure("input", e);
        }
    }

    /** Reads fields while counting bytes, so every error can name its offset. */
    private static final class Reader {
        private final DataInput in;
        private final long available;
        private final CRC32C crc = new CRC32C();
        private final byte[] scratch = new byte[8];
        private long offset;
        private String field = "format";

        Reader(DataInput in, long available) {
            this.in = in;
            this.available = available;
        }

        Txn txn() throws IOException {
            int format = u8("format");
            if (format != FORMAT) {
                throw failure("unknown txn format " + format);
            }
            long sessionId = i64("sessionId");
            int cxid = i32("cxid");
            long zxid = i64("zxid");
            long timeMs = i64("timeMs");
            TxnBody body = body(true);
            int expected = (int) crc.getValue();
            int stored = i32("crc");
            if (stored != expected) {
                throw new TxnFormatException(String.format("txn CRC32C mismatch at offset %d: stored %08x, computed %08x",
                        offset - 4, stored, expected));
            }
            try {
                return new Txn(sessionId, cxid, zxid, timeMs, body);
            } catch (IllegalArgumentException e) {
                throw new TxnFormatException("invalid txn header ending at offset " + offset + ": " + e.getMessage(), e);
            }
        }

        private TxnBody body(boolean topLevel) throws IOException {
            long start = offset;
            int tag = u8("body tag");
            try {
                return switch (tag) {
                    case CREATE -> create();
                    case DELETE -> new TxnBody.Delete(string("path"));
                    case SET_DATA -> new TxnBody.SetData(string("path"), data(), i32("version"));
                    case SET_ACL -> new TxnBody.SetAcl(string("path"), acl(), i32("aversion"));
                    case CHECK -> new TxnBody.Check(string("path"), i32("version"));
                    case MULTI -> multi(topLevel);
                    case CREATE_SESSION -> new TxnBody.CreateSession(i32("timeoutMs"));
                    case CLOSE_SESSION -> new TxnBody.CloseSession();
                    case FAILED -> new TxnBody.Failed(code());
                    default -> throw failure("unknown body tag " + tag);
                };
            } catch (IllegalArgumentException e) {
                throw new TxnFormatException("invalid txn body (tag " + tag + ") at offset " + start + ": "
                        + e.getMessage(), e);
            }
        }

        private TxnBody create() throws IOException {
            String path = string("path");
            byte[] data = data();
            List<Acl> acl = acl();
            CreateMode mode = mode();
            long ttlMs = mode.isTtl() ? i64("ttlMs") : 0;
            int parentCVersion = varint("parentCVersion", Integer.MAX_VALUE) - 1;
            return new TxnBody.Create(path, data, acl, mode, ttlMs, parentCVersion);
        }

        private TxnBody multi(boolean topLevel) throws IOException {
            if (!topLevel) {
                throw failure("a multi nested in a multi");
            }
            int count = varint("multi op count", MAX_MULTI_OPS);
            List<TxnBody> ops = new ArrayList<>(Math.min(count, 1024));
            for (int i = 0; i < count; i++) {
                ops.add(body(false));
            }
            return new TxnBody.Multi(ops);
        }

        private CreateMode mode() throws IOException {
            int flag = u8("mode");
            try {
                return CreateMode.fromFlag(flag);
            } catch (IllegalArgumentException e) {
                throw failure("unknown create mode " + flag);
            }
        }

        private Code code() throws IOException {
            int value = i32("code");
            try {
                return Code.of(value);
            } catch (IllegalArgumentException e) {
                throw failure("unknown result code " + value);
            }
        }

        private List<Acl> acl() throws IOException {
            int count = varint("acl count", MAX_ACL_ENTRIES);
            if (count == 0) {
                int wellKnown = u8("well-known acl");
                if (wellKnown < 1 || wellKnown > WELL_KNOWN_ACLS.size()) {
                    throw failure("unknown well-known acl " + wellKnown);
                }
                return WELL_KNOWN_ACLS.get(wellKnown - 1);
            }
            List<Acl> acl = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int perms = i32("acl perms");
                acl.add(new Acl(perms, new Id(string("acl scheme"), string("acl id"))));
            }
            return acl;
        }

        private String string(String name) throws IOException {
            byte[] bytes = bytes(name, MAX_STRING_BYTES);
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw failure("field " + name + " is not valid UTF-8");
            }
        }

        /** Null for a 0 length field, else length - 1 bytes. */
        private byte[] data() throws IOException {
            int lengthPlusOne = varint("data length", MAX_DATA_BYTES + 1);
            return lengthPlusOne == 0 ? null : content("data", lengthPlusOne - 1);
        }

        private byte[] bytes(String name, int max) throws IOException {
            return content(name, varint(name + " length", max));
        }

        private byte[] content(String name, int length) throws IOException {
            if (length > available - offset) {
                throw failure("field " + name + " claims " + length + " bytes, only " + (available - offset) + " left");
            }
            field = name;
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            crc.update(bytes);
            offset += length;
            return bytes;
        }

        private int varint(String name, int max) throws IOException {
            long start = offset;
            int value = 0;
            for (int shift = 0; ; shift += 7) {
                int b = u8(name);
                if (shift == 28 && (b & 0xF0) != 0) {
                    throw new TxnFormatException("varint " + name + " at offset " + start + " overflows 32 bits");
                }
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (value < 0 || value > max) {
                throw new TxnFormatException(name + " " + Integer.toUnsignedString(value) + " at offset " + start
                        + " exceeds the limit " + max);
            }
            return value;
        }

        private int u8(String name) throws IOException {
            read(name, 1);
            return scratch[0] & 0xFF;
        }

        private int i32(String name) throws IOException {
            read(name, 4);
            return (int) BIG_ENDIAN_INT.get(scratch, 0);
        }

        private long i64(String name) throws IOException {
            read(name, 8);
            return (long) BIG_ENDIAN_LONG.get(scratch, 0);
        }

        private void read(String name, int length) throws IOException {
            field = name;
            in.readFully(scratch, 0, length);
            crc.update(scratch, 0, length);
            offset += length;
        }

        TxnFormatException failure(String message) {
            return new TxnFormatException(message + " (field " + field + ", offset " + offset + ")");
        }

        TxnFormatException failure(String what, IOException cause) {
            String kind = cause instanceof EOFException ? "truncated txn" : "unreadable txn " + what;
            return new TxnFormatException(kind + ": field " + field + " at offset " + offset, cause);
        }
    }
}
