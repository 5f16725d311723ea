package io.warden.persistence.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Short strings as the on-disk formats store them (journal events, snapshot file headers):
 * {@code length:uint16-big-endian utf8:byte[length]}. Names and manifests only: anything longer
 * than 65535 bytes of UTF-8 is refused when written, never truncated.
 */
public final class ShortStrings {
    public static final int MAX_BYTES = 0xFFFF;

    private ShortStrings() {}

    /** The UTF-8 bytes of {@code s}, refused (naming {@code what}) when they do not fit. */
    public static byte[] encode(String s, String what) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(what + " is " + bytes.length + " bytes of UTF-8, the limit is " + MAX_BYTES);
        }
        return bytes;
    }

    /** Reads one length-prefixed string; a short buffer throws BufferUnderflowException for the caller to report. */
    public static String read(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
