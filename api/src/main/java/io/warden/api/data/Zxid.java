package io.warden.api.data;

/** A zxid is {@code epoch << 32 | counter}: the position of a txn in the one total order. */
public final class Zxid {
    private Zxid() {}

    public static long of(long epoch, long counter) {
        if (epoch < 0 || epoch > 0xFFFF_FFFFL || counter < 0 || counter > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("epoch and counter must each fit 32 unsigned bits: " + epoch + ", " + counter);
        }
        return epoch << 32 | counter;
    }

    public static long epoch(long zxid) {
        return zxid >>> 32;
    }

    public static long counter(long zxid) {
        return zxid & 0xFFFF_FFFFL;
    }

    /** ZooKeeper's log spelling: "0x" and lower-case hex. */
    public static String toHex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }
}
