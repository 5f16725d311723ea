package io.warden.persistence.snapstore;

import io.warden.persistence.journal.ShortStrings;
import io.warden.persistence.snapstore.SnapshotHeader.Format;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The on-disk grammar of snapshot files, and the only code that encodes or decodes it.
 *
 * <pre>
 * name     := "snapshot-" pidName "-" sequenceNr "-" timestampMs ".snap"      -- decimal numbers
 * pidName  := the persistence id's UTF-8 bytes, each byte outside [A-Za-z0-9._] as "%XX";
 *             or "~" hex(SHA-256(persistenceId)) when that would exceed 150 characters
 * tempName := name "." uuid ".tmp"                                           -- removed on start
 * file     := header body trailer
 * header   := magic:"WSNP" version:int32(=1) fieldsLength:int32 fields headerCrc:int32
 *               headerCrc = CRC32C(magic .. fields)
 * fields   := format:int8 (1 serialized | 2 streamed) serializerId:int32
 *             sequenceNr:int64 timestampMs:int64 persistenceId:str manifest:str
 * str      := length:uint16 utf8[length]
 * body     := byte*                                   -- serializer output, or a stream's bytes
 * trailer  := bodyLength:int64 bodyCrc:int32 magic:"WEND"      -- bodyCrc = CRC32C(body)
 * </pre>
 * All integers are big-endian. The trailer goes last because a streamed body's length is only
 * known once written; a file cut short loses its trailer and is rejected. The name repeats the
 * header's identity so listing needs no reads, and a name that disagrees with its header is
 * treated as corrupt.
 */
final class SnapshotFileFormat {

    static final int MAGIC = 0x57534E50; // "WSNP"
    static final int END_MAGIC = 0x57454E44; // "WEND"
    static final int VERSION = 1;
    static final int PREFIX_SIZE = 12;
    static final int TRAILER_SIZE = 16;
    static final int MAX_FIELDS_SIZE = 1 + 4 + 8 + 8 + 2 + 0xFFFF + 2 + 0xFFFF;
    static final String TEMP_SUFFIX = ".tmp";

    private static final int MAX_PID_NAME_CHARS = 150;
    private static final Pattern NAME = Pattern.compile("snapshot-([A-Za-z0-9._%~]+)-(\\d{1,19})-(\\d{1,19})\\.snap");

    private SnapshotFileFormat() {
    }

    /** The identity a file name carries. */
    record Name(String pidName, long sequenceNr, long timestampMs) {
    }

    static String fileName(String persistenceId, long sequenceNr, long timestampMs) {
        return "snapshot-" + pidName(persistenceId) + "-" + sequenceNr + "-" + timestampMs + ".snap";
    }

    static String pidName(String persistenceId) {
        StringBuilder sb = new StringBuilder();
        for (byte b : persistenceId.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        if (sb.length() <= MAX_PID_NAME_CHARS) {
            return sb.toString();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(persistenceId.getBytes(StandardCharsets.UTF_8));
            return "~" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    static Optional<Name> parseName(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Name(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static ByteBuffer encodeHeader(SnapshotHeader h) {
        byte[] pid = ShortStrings.encode(h.persistenceId(), "persistence id");
        byte[] manifest = ShortStrings.encode(h.manifest(), "manifest");
        int fieldsLength = 1 + 4 + 8 + 8 + 2 + pid.length + 2 + manifest.length;
        ByteBuffer out = ByteBuffer.allocate(PREFIX_SIZE + fieldsLength + 4);
        out.putInt(MAGIC).putInt(VERSION).putInt(fieldsLength);
        out.put(formatCode(h.format())).putInt(h.serializerId()).putLong(h.sequenceNr()).putLong(h.timestampMs());
        out.putShort((short) pid.length).put(pid).putShort((short) manifest.length).put(manifest);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.flip();
    }

    /** Null if the prefix (magic, version, fields length) is valid, else the problem. */
    static String checkPrefix(ByteBuffer prefix) {
        int magic = prefix.getInt(0);
        if (magic != MAGIC) {
            return String.format("bad magic 0x%08x", magic);
        }
        int version = prefix.getInt(4);
        if (version != VERSION) {
            return "unsupported snapshot format version " + version;
        }
        int fieldsLength = prefix.getInt(8);
        if (fieldsLength < 0 || fieldsLength > MAX_FIELDS_SIZE) {
            return "impossible header length " + fieldsLength;
        }
        return null;
    }

    /**
     * Decodes the header from {@code prefix + fields + crc} (the whole header).
     *
     * @throws IllegalArgumentException with the problem when it is not a valid header
     */
    static SnapshotHeader decodeHeader(ByteBuffer whole) {
        int crcAt = whole.limit() - 4;
        CRC32C crc = new CRC32C();
        crc.update(whole.duplicate().position(0).limit(crcAt));
        if ((int) crc.getValue() != whole.getInt(crcAt)) {
            throw new IllegalArgumentException("header fails its CRC32C");
        }
        try {
            ByteBuffer in = whole.duplicate().position(PREFIX_SIZE).limit(crcAt);
            Format format = formatOf(in.get());
            int serializerId = in.getInt();
            long seq = in.getLong();
            long ts = in.getLong();
            String pid = ShortStrings.read(in);
            String manifest = ShortStrings.read(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " unexpected bytes in the header");
            }
            return new SnapshotHeader(pid, seq, ts, format, serializerId, manifest);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("header fields truncated", e);
        }
    }

    static ByteBuffer encodeTrailer(long bodyLength, int bodyCrc) {
        return ByteBuffer.allocate(TRAILER_SIZE).putLong(bodyLength).putInt(bodyCrc).putInt(END_MAGIC).flip();
    }

    private static byte formatCode(Format format) {
        return switch (format) {
            case SERIALIZED -> 1;
            case STREAMED -> 2;
        };
    }

    private static Format formatOf(byte code) {
        return switch (code) {
            case 1 -> Format.SERIALIZED;
            case 2 -> Format.STREAMED;
            default -> throw new IllegalArgumentException("unknown body format " + code);
        };
    }


}
