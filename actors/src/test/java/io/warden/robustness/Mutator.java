package io.warden.robustness;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * Byte-level mutations of one encoded frame (4-byte length prefix, then payload). Most keep the
 * prefix equal to the payload's length, so the server still sees frame boundaries and the
 * damage is inside the jute body; {@link Kind#OUTER_LENGTH} lies about the length itself, after
 * which the stream can no longer be parsed and the connection is finished.
 */
final class Mutator {
    enum Kind { BIT_FLIPS, TRUNCATE, EXTEND, INNER_LENGTH, XID, OPCODE, OVERWRITE, SPLICE, OUTER_LENGTH }

    /** A mutated frame; {@code framed} is false when its length prefix no longer tells the truth. */
    record Mutated(byte[] frame, boolean framed, Kind kind) {}

    /** xids a client sends on purpose: notification, ping, auth, setWatches, and extremes. */
    private static final int[] SPECIAL_XIDS = {-1, -2, -4, -8, 0, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final int HEADER_BYTES = 8;

    private final Random random;
    private final int maxFrameBytes;

    Mutator(Random random, int maxFrameBytes) {
        this.random = random;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** One to three mutations; the length-lying one only ever as the last. */
    Mutated mutate(byte[] frame, byte[] other) {
        byte[] payload = Arrays.copyOfRange(frame, 4, frame.length);
        int rounds = 1 + (random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0);
        Kind last = Kind.BIT_FLIPS;
        for (int i = 0; i < rounds; i++) {
            last = pickInBody();
            payload = apply(last, payload, other);
        }
        if (random.nextInt(60) == 0) {
            return new Mutated(withPrefix(payload, lyingLength(payload.length)), false, Kind.OUTER_LENGTH);
        }
        return new Mutated(withPrefix(payload, payload.length), true, last);
    }

    private Kind pickInBody() {
        Kind[] inBody = {Kind.BIT_FLIPS, Kind.TRUNCATE, Kind.EXTEND, Kind.INNER_LENGTH, Kind.INNER_LENGTH,
                Kind.XID, Kind.OPCODE, Kind.OVERWRITE, Kind.SPLICE};
        return inBody[random.nextInt(inBody.length)];
    }

    private byte[] apply(Kind kind, byte[] payload, byte[] other) {
        return switch (kind) {
            case BIT_FLIPS -> flipBits(payload);
            case TRUNCATE -> Arrays.copyOf(payload, truncatedLength(payload.length));
            case EXTEND -> extend(payload);
            case INNER_LENGTH -> innerLength(payload);
            case XID -> putInt(payload, 0, random.nextBoolean()
                    ? SPECIAL_XIDS[random.nextInt(SPECIAL_XIDS.length)] : random.nextInt());
            case OPCODE -> putInt(payload, 4, opCode());
            case OVERWRITE -> overwrite(payload);
            case SPLICE -> splice(payload, other);
            case OUTER_LENGTH -> throw new IllegalArgumentException("the outer length is mutated last, by mutate()");
        };
    }

    /**
     * A byte to damage: mostly in the body. A damaged header mostly makes an unknown opcode,
     * which ends the connection (ZooKeeper hangs up on one), and {@link Kind#XID} and
     * {@link Kind#OPCODE} cover the header already.
     */
    private int position(int length) {
        if (random.nextInt(32) == 0) {
            return random.nextInt(length);
        }
        // A request without a body (ping, whoAmI, closeSession) gets its xid damaged instead.
        return length > HEADER_BYTES ? HEADER_BYTES + random.nextInt(length - HEADER_BYTES) : random.nextInt(Math.min(4, length));
    }

    /** Mostly inside the body; now and then into the header, which ends the connection. */
    private int truncatedLength(int length) {
        if (length == 0) {
            return 0;
        }
        return length > HEADER_BYTES && random.nextInt(32) != 0
                ? HEADER_BYTES + random.nextInt(length - HEADER_BYTES) : random.nextInt(length);
    }

    /**
     * Mostly another known opcode, so the body is read as the wrong request; now and then an
     * unknown one, which ZooKeeper answers and then hangs up on.
     */
    private int opCode() {
        int[] known = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 100, 101, 102, 103,
                104, 105, 106, 107, -11};
        return random.nextInt(20) == 0 ? random.nextInt() : known[random.nextInt(known.length)];
    }

    private byte[] flipBits(byte[] payload) {
        if (payload.length == 0) {
            return payload;
        }
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            payload[position(payload.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return payload;
    }

    private byte[] extend(byte[] payload) {
        int extra = 1 + random.nextInt(64);
        byte[] longer = Arrays.copyOf(payload, Math.min(maxFrameBytes, payload.length + extra));
        for (int i = payload.length; i < longer.length; i++) {
            longer[i] = (byte) random.nextInt();
        }
        return longer;
    }

    /**
     * Rewrites an int that reads like a jute length (a string, buffer or vector count that fits
     * what follows it, or -1 for null) to a value that does not: huge, negative, one off.
     */
    private byte[] innerLength(byte[] payload) {
        int[] candidates = new int[payload.length];
        int n = 0;
        ByteBuffer view = ByteBuffer.wrap(payload);
        for (int at = HEADER_BYTES; at + 4 <= payload.length; at++) {
            int value = view.getInt(at);
            if (value == -1 || value >= 0 && value <= payload.length - at - 4) {
                candidates[n++] = at;
            }
        }
        if (n == 0) {
            return overwrite(payload);
        }
        int at = candidates[random.nextInt(n)];
        int value = view.getInt(at);
        int left = payload.length - at - 4;
        int[] lies = {-1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, value + 1, value - 1, value + 1 + random.nextInt(8),
                left + 1, 1 << 20, 0x7ffffff0, maxFrameBytes, random.nextInt()};
        return putInt(payload, at, lies[random.nextInt(lies.length)]);
    }

    private byte[] overwrite(byte[] payload) {
        if (payload.length == 0) {
            return payload;
        }
        int count = 1 + random.nextInt(Math.min(16, payload.length));
        for (int i = 0; i < count; i++) {
            payload[position(payload.length)] = (byte) random.nextInt();
        }
        return payload;
    }

    /** The head of this payload on the tail of another request's: headers and bodies mismatched. */
    private byte[] splice(byte[] payload, byte[] other) {
        byte[] otherPayload = Arrays.copyOfRange(other, 4, other.length);
        int cutHere = payload.length == 0 ? 0 : position(payload.length);
        int cutThere = random.nextInt(otherPayload.length + 1);
        // The head may already be over the limit (a generated request can be): then no tail.
        int tail = Math.max(0, Math.min(otherPayload.length - cutThere, maxFrameBytes - cutHere));
        byte[] spliced = Arrays.copyOf(payload, cutHere + tail);
        System.arraycopy(otherPayload, cutThere, spliced, cutHere, tail);
        return spliced;
    }

    private int lyingLength(int actual) {
        return switch (random.nextInt(6)) {
            case 0 -> -1 - random.nextInt(1000);
            case 1 -> maxFrameBytes + 1 + random.nextInt(1 << 20);
            case 2 -> Integer.MAX_VALUE;
            case 3 -> actual == 0 ? 1 : random.nextInt(actual);
            default -> Math.min(maxFrameBytes, actual + 1 + random.nextInt(64));
        };
    }

    private static byte[] putInt(byte[] payload, int at, int value) {
        byte[] target = payload.length >= at + 4 ? payload : Arrays.copyOf(payload, at + 4);
        ByteBuffer.wrap(target).putInt(at, value);
        return target;
    }

    static byte[] withPrefix(byte[] payload, int length) {
        byte[] frame = new byte[4 + payload.length];
        ByteBuffer.wrap(frame).putInt(length).put(payload);
        return frame;
    }
}
