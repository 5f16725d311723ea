package io.warden.persistence.tree;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Node names stored as UTF-8 bytes: half the memory of a String and no String header. Valid
 * ZooKeeper paths contain no surrogates, so the encoding is lossless. Lookups compare a segment of
 * a path String with a stored name without allocating when the segment is ASCII (the usual case).
 */
final class Names {
    static final byte[] ROOT = new byte[0];

    private Names() {
    }

    static byte[] encode(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    static String decode(byte[] name) {
        return new String(name, StandardCharsets.UTF_8);
    }

    /** Hash of a stored name; equal to {@link #hash(String, int, int)} of the same name. */
    static int hash(byte[] name) {
        int h = 0x9E3779B9;
        for (byte b : name) {
            h = (h ^ (b & 0xFF)) * 0x01000193;
        }
        return Hashing.spread(h);
    }

    /** Hash of {@code path.substring(from, to)} as a name, without allocating for ASCII. */
    static int hash(String path, int from, int to) {
        if (!isAscii(path, from, to)) {
            return hash(encode(path.substring(from, to)));
        }
        int h = 0x9E3779B9;
        for (int i = from; i < to; i++) {
            h = (h ^ path.charAt(i)) * 0x01000193;
        }
        return Hashing.spread(h);
    }

    /** True when the stored name equals {@code path.substring(from, to)}. */
    static boolean matches(byte[] name, String path, int from, int to) {
        if (!isAscii(path, from, to)) {
            return Arrays.equals(name, encode(path.substring(from, to)));
        }
        if (name.length != to - from) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (name[i] != (byte) path.charAt(from + i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
