package io.warden.api.wire;

/** Value semantics for the byte arrays inside wire records (records compare arrays by identity). */
final class Bytes {
    private Bytes() {}

    /** Short form for toString: the length, never the (possibly large or secret) content. */
    static String describe(byte[] bytes) {
        return bytes == null ? "null" : "byte[" + bytes.length + "]";
    }
}
