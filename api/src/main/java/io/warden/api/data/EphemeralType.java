package io.warden.api.data;

/**
 * What a znode's {@code ephemeralOwner} field means. ZooKeeper overloads that field: 0 for a
 * normal node, {@link #CONTAINER_OWNER} for a container, a TTL encoded with the top byte 0xFF
 * for a TTL node (when extended types are enabled), and a session id otherwise.
 */
public enum EphemeralType {
    VOID, NORMAL, CONTAINER, TTL;

    /** ephemeralOwner of a container node (Long.MIN_VALUE, as in ZooKeeper). */
    public static final long CONTAINER_OWNER = Long.MIN_VALUE;
    /** Largest TTL that fits the encoding: 2^40 - 1 ms (about 34 years). */
    public static final long MAX_TTL_MS = 0x0000_00FF_FFFF_FFFFL;
    private static final long TTL_MASK = 0xFF00_0000_0000_0000L;
    private static final long TTL_RESERVED = 0xFF00_0000_0000_0000L;

    /** Classifies an ephemeralOwner value; TTL is recognised only with extended types enabled. */
    public static EphemeralType of(long ephemeralOwner, boolean extendedTypesEnabled) {
        if (ephemeralOwner == 0) {
            return VOID;
        }
        if (ephemeralOwner == CONTAINER_OWNER) {
            return CONTAINER;
        }
        if (extendedTypesEnabled && (ephemeralOwner & TTL_MASK) == TTL_RESERVED) {
            return TTL;
        }
        return NORMAL;
    }

    /** Encodes a TTL into an ephemeralOwner value. */
    public static long ttlToOwner(long ttlMs) {
        if (ttlMs <= 0 || ttlMs > MAX_TTL_MS) {
            throw new IllegalArgumentException("ttl must be positive and cannot be larger than: " + MAX_TTL_MS);
        }
        return TTL_RESERVED | ttlMs;
    }

    /** Decodes the TTL from a TTL node's ephemeralOwner value. */
    public static long ownerToTtl(long ephemeralOwner) {
        return ephemeralOwner & MAX_TTL_MS;
    }
}
