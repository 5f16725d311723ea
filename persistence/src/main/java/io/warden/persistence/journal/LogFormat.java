package io.warden.persistence.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The on-disk grammar of the log, and the only code that encodes or decodes it.
 *
 * <pre>
 * directory   := segment* spare?
 * segment     := file "journal-" hex16(firstLogIndex) ".seg", preallocated to the segment size
 *                header frame* zero*
 * spare       := file "journal-spare.prealloc": a zero-filled segment not yet in use
 * header      := magic:"WJNL" version:int32(=1) reserved:int64(=0)          -- 16 bytes
 * frame       := bodyLength:int32 bodyCrc:int32 body pad                    -- at 8-aligned offsets
 *                  bodyLength in [13, segmentSize - 24]; bodyCrc = CRC32C(body);
 *                  pad = zero bytes up to the next multiple of 8
 * body        := firstLogIndex:int64 entryCount:int32 entry{entryCount} endMark:int8(=0x57)
 *                  entryCount >= 1
 * entry       := kind:int8 pidLength:uint16 pid:utf8[pidLength] rest
 *   kind 1 append    rest := sequenceNr:int64 dataLength:int32 data[dataLength]
 *   kind 2 deleteTo  rest := toSequenceNr:int64
 * </pre>
 * All integers are big-endian. Entry {@code i} of a frame has log index
 * {@code firstLogIndex + i}; log indexes are contiguous across frames and across segments,
 * and a segment's name is the log index of its first entry, so names sort in log order.
 *
 * <p>Why a frame holds a whole group-commit batch: the writer writes exactly one frame per
 * fsync, so after a crash only the last frame of the log can be torn. A bad frame followed by
 * a good one therefore is corruption, never a torn write. Why 8-byte alignment: a frame header
 * never straddles a 512-byte sector, so a torn write leaves a header either intact or zero,
 * and recovery can look for later frames at aligned offsets only. Why the end mark: a write cut
 * short (a crash between pages, a short write on a full disk) leaves a frame whose last byte
 * is still zero, which tells such a tear apart from a flipped bit in a complete frame.
 */
final class LogFormat {

    static final int MAGIC = 0x574A4E4C; // "WJNL"
    static final int VERSION = 1;
    static final int SEGMENT_HEADER_SIZE = 16;
    static final int FRAME_HEADER_SIZE = 8;
    static final int BODY_HEADER_SIZE = 12;
    static final byte END_MARK = 0x57;
    /** Body bytes besides the entries: header and end mark. */
    static final int BODY_OVERHEAD = BODY_HEADER_SIZE + 1;
    static final int ALIGNMENT = 8;
    static final byte KIND_APPEND = 1;
    static final byte KIND_DELETE_TO = 2;

    static final String SPARE_NAME = "journal-spare.prealloc";
    private static final Pattern SEGMENT_NAME = Pattern.compile("journal-([0-9a-f]{16})\\.seg");

    private LogFormat() {
    }

    static String segmentName(long firstLogIndex) {
        return String.format("journal-%016x.seg", firstLogIndex);
    }

    static OptionalLong parseSegmentName(String fileName) {
        Matcher m = SEGMENT_NAME.matcher(fileName);
        return m.matches() ? OptionalLong.of(Long.parseUnsignedLong(m.group(1), 16)) : OptionalLong.empty();
    }

    static ByteBuffer segmentHeader() {
        ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_SIZE);
        header.putInt(MAGIC).putInt(VERSION).putLong(0L).flip();
        return header;
    }

    /** Null when the header is valid, else what is wrong with it. */
    static String checkSegmentHeader(ByteBuffer header) {
        if (header.remaining() < SEGMENT_HEADER_SIZE) {
            return "segment header truncated to " + header.remaining() + " bytes";
        }
        int magic = header.getInt(header.position());
        int version = header.getInt(header.position() + 4);
        if (magic != MAGIC) {
            return String.format("bad segment magic 0x%08x, expected 0x%08x", magic, MAGIC);
        }
        if (version != VERSION) {
            return "unsupported segment format version " + version + ", this build reads " + VERSION;
        }
        return null;
    }

    static int appendEntrySize(int pidBytes, int dataBytes) {
        return 1 + 2 + pidBytes + 8 + 4 + dataBytes;
    }

    static int deleteEntrySize(int pidBytes) {
        return 1 + 2 + pidBytes + 8;
    }

    /** Frame size on disk, header and padding included, for a body of the given length. */
    static long frameSize(long bodyLength) {
        long unpadded = FRAME_HEADER_SIZE + bodyLength;
        return (unpadded + ALIGNMENT - 1) & -ALIGNMENT;
    }

    static int crc(ByteBuffer body) {
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        return (int) crc.getValue();
    }

    /** Receives the entries of a frame body, in log order. */
    interface EntryVisitor {
        /** {@code data} is only valid during the call. */
        void append(long logIndex, String persistenceId, long sequenceNr, ByteBuffer data) throws LogException;

        void deleteTo(long logIndex, String persistenceId, long toSequenceNr) throws LogException;
    }

    /** A body whose CRC matched but whose structure did not: a bug or tampering, never a torn write. */
    static final class MalformedFrameException extends Exception {
        MalformedFrameException(String message) {
            super(message);
        }
    }

    static long firstLogIndex(ByteBuffer body) {
        return body.getLong(body.position());
    }

    static int entryCount(ByteBuffer body) {
        return body.getInt(body.position() + 8);
    }

    /** Decodes a body whose CRC has already been checked; leaves the buffer's position unchanged. */
    static void decodeBody(ByteBuffer body, EntryVisitor visitor) throws MalformedFrameException, LogException {
        ByteBuffer in = body.duplicate();
        if (in.remaining() < BODY_OVERHEAD) {
            throw new MalformedFrameException("body of " + in.remaining() + " bytes has no room for its header");
        }
        long logIndex = in.getLong();
        int count = in.getInt();
        if (count < 1) {
            throw new MalformedFrameException("frame declares " + count + " entries");
        }
        for (int i = 0; i < count; i++, logIndex++) {
            need(in, 3, i);
            byte kind = in.get();
            int pidLength = Short.toUnsignedInt(in.getShort());
            need(in, pidLength + 8, i);
            String pid = decodeUtf8(in, pidLength);
            long seq = in.getLong();
            switch (kind) {
                case KIND_APPEND -> {
                    need(in, 4, i);
                    int dataLength = in.getInt();
                    if (dataLength < 0) {
                        throw new MalformedFrameException("entry " + i + " has data length " + dataLength);
                    }
                    need(in, dataLength, i);
                    ByteBuffer data = in.slice(in.position(), dataLength);
                    in.position(in.position() + dataLength);
                    visitor.append(logIndex, pid, seq, data);
                }
                case KIND_DELETE_TO -> visitor.deleteTo(logIndex, pid, seq);
                default -> throw new MalformedFrameException("entry " + i + " has unknown kind " + kind);
            }
        }
        if (in.remaining() != 1 || in.get() != END_MARK) {
            throw new MalformedFrameException("expected only the end mark after the last entry, found "
                    + in.remaining() + " bytes");
        }
    }

    private static void need(ByteBuffer in, int bytes, int entry) throws MalformedFrameException {
        if (in.remaining() < bytes) {
            throw new MalformedFrameException("entry " + entry + " needs " + bytes
                    + " more bytes but the body has " + in.remaining());
        }
    }

    private static String decodeUtf8(ByteBuffer in, int length) {
        String s;
        if (in.hasArray()) {
            s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        } else {
            byte[] bytes = new byte[length];
            in.get(in.position(), bytes);
            s = new String(bytes, StandardCharsets.UTF_8);
        }
        in.position(in.position() + length);
        return s;
    }
}
