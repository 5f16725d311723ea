package io.warden.persistence.txn;

import java.util.HexFormat;

/**
 * Znode data as the txn and request records hold it: nullable (ZooKeeper keeps null apart from
 * empty), taken without a copy, copied when handed out (apart from {@code sharedData()}, the
 * write path's zero-copy hand-off), and shown briefly in logs.
 */
public final class ByteArrays {
    private static final int SHOWN_BYTES = 32;

    private ByteArrays() {}

    /** A copy, or null for null. */
    public static byte[] copy(byte[] data) {
        return data == null ? null : data.clone();
    }

    /** "null", or the length and the first bytes in hex: data can be large, logs should not be. */
    public static String describe(byte[] data) {
        if (data == null) {
            return "null";
        }
        int shown = Math.min(data.length, SHOWN_BYTES);
        return data.length + "B:" + HexFormat.of().formatHex(data, 0, shown) + (shown < data.length ? "..." : "");
    }
}
