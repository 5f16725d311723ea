package io.warden.persistence.txn;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EphemeralType;
import io.warden.api.data.Paths;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Txn} changes: one record per kind of ZooKeeper state change. Every record holds
 * the values the change produces (the new version, the parent's new cversion), not the request
 * that asked for it, so applying it needs no decision.
 *
 * <p>Data may be null: ZooKeeper keeps a client's null data as null (getData answers null), apart
 * from an empty array, so a txn carries it unchanged; its {@code dataLength()} is 0, like empty.
 */
public sealed interface TxnBody {

    /**
     * Creates a node. The path is final (a sequential create already carries its suffix).
     *
     * @param path           the new node's path
     * @param data           its data, or null: kept as null, apart from empty. The array is taken,
     *                       not copied (the caller must not modify it afterwards): a write's data
     *                       goes from the wire to the log and the trees without a copy
     * @param acl            its ACL, non-empty
     * @param mode           how it was created: decides ephemeralOwner (the txn's session for
     *                       ephemerals, {@link EphemeralType#CONTAINER_OWNER} for containers, the
     *                       encoded TTL for TTL nodes, 0 otherwise)
     * @param ttlMs          the TTL of a TTL mode, 0 for every other mode
     * @param parentCVersion the parent's stored cversion after this create, i.e. its
     *                       {@code DataNode.storedCversion()} + 1 (ZooKeeper stores the number of
     *                       child creates; a sequential suffix is the stored cversion before the
     *                       create), or -1 to let the tree compute it
     */
    record Create(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMs, int parentCVersion)
            implements TxnBody {
        public Create {
            requireNodePath(path);
            acl = requireAcl(acl);
            Objects.requireNonNull(mode, "mode");
            if (mode.isTtl()) {
                if (ttlMs <= 0 || ttlMs > EphemeralType.MAX_TTL_MS) {
                    throw new IllegalArgumentException("ttlMs out of range for " + mode + ": " + ttlMs);
                }
            } else if (ttlMs != 0) {
                throw new IllegalArgumentException("ttlMs must be 0 for " + mode + ": " + ttlMs);
            }
            if (parentCVersion < -1) {
                throw new IllegalArgumentException("parentCVersion must be -1 or >= 0: " + parentCVersion);
            }
        }

        /** A plain create whose parent cversion the tree computes. */
        public Create(String path, byte[] data, List<Acl> acl, CreateMode mode) {
            this(path, data, acl, mode, 0, -1);
        }

        /** A copy of the data, or null. */
        @Override
        public byte[] data() {
            return ByteArrays.copy(data);
        }

        /** The array itself (or null), for the write path's zero-copy hand-offs; never modify it. */
        public byte[] sharedData() {
            return data;
        }

        /** The data's length without copying it; 0 for null data. */
        public int dataLength() {
            return data == null ? 0 : data.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Create c && path.equals(c.path) && Arrays.equals(data, c.data)
                    && acl.equals(c.acl) && mode == c.mode && ttlMs == c.ttlMs
                    && parentCVersion == c.parentCVersion;
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, Arrays.hashCode(data), acl, mode, ttlMs, parentCVersion);
        }

        @Override
        public String toString() {
            return "Create[path=" + path + ", data=" + ByteArrays.describe(data) + ", acl=" + acl + ", mode=" + mode
                    + ", ttlMs=" + ttlMs + ", parentCVersion=" + parentCVersion + "]";
        }
    }

    /** Deletes a node that has no children. */
    record Delete(String path) implements TxnBody {
        public Delete {
            requireNodePath(path);
        }
    }

    /**
     * Replaces a node's data.
     *
     * @param data    the new data, or null: kept as null, apart from empty; taken, not copied
     *                (see {@link Create})
     * @param version the node's data version after this change (its version + 1)
     */
    record SetData(String path, byte[] data, int version) implements TxnBody {
        public SetData {
            requirePath(path);
        }

        /** A copy of the data, or null. */
        @Override
        public byte[] data() {
            return ByteArrays.copy(data);
        }

        /** The array itself (or null), for the write path's zero-copy hand-offs; never modify it. */
        public byte[] sharedData() {
            return data;
        }

        /** The data's length without copying it; 0 for null data. */
        public int dataLength() {
            return data == null ? 0 : data.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetData s && path.equals(s.path) && Arrays.equals(data, s.data)
                    && version == s.version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, Arrays.hashCode(data), version);
        }

        @Override
        public String toString() {
            return "SetData[path=" + path + ", data=" + ByteArrays.describe(data) + ", version=" + version + "]";
        }
    }

    /**
     * Replaces a node's ACL.
     *
     * @param aversion the node's ACL version after this change (its aversion + 1)
     */
    record SetAcl(String path, List<Acl> acl, int aversion) implements TxnBody {
        public SetAcl {
            requirePath(path);
            acl = requireAcl(acl);
        }
    }

    /**
     * Asserts a node's data version inside a multi; changes nothing.
     *
     * @param version the data version the node must have (a request's -1, "any version", is
     *                resolved by preparation to the version it saw)
     */
    record Check(String path, int version) implements TxnBody {
        public Check {
            requirePath(path);
        }
    }

    /**
     * Several changes applied all or nothing. A multi whose preparation failed holds at least one
     * {@link Failed} op: then nothing is applied and every op reports a code the way ZooKeeper
     * does (ops before the first failure: OK; a Failed op: its code; ops after it:
     * RUNTIME_INCONSISTENCY). The canonical failed multi holds only Failed ops.
     *
     * @param ops Create, Delete, SetData, SetAcl, Check or Failed bodies (no nesting, no sessions)
     */
    record Multi(List<TxnBody> ops) implements TxnBody {
        public Multi {
            ops = List.copyOf(ops);
            for (TxnBody op : ops) {
                if (op instanceof Multi || op instanceof CreateSession || op instanceof CloseSession) {
                    throw new IllegalArgumentException("a multi cannot contain " + op);
                }
            }
        }

        /** True when preparation failed: nothing of this multi is applied. */
        public boolean failed() {
            return ops.stream().anyMatch(op -> op instanceof Failed);
        }
    }

    /**
     * Opens a session (the txn's sessionId) with its negotiated timeout; the session table is
     * replicated state.
     */
    record CreateSession(int timeoutMs) implements TxnBody {
        public CreateSession {
            if (timeoutMs <= 0) {
                throw new IllegalArgumentException("timeoutMs must be positive: " + timeoutMs);
            }
        }
    }

    /** Closes (or expires) the txn's session and deletes every ephemeral node it owns. */
    record CloseSession() implements TxnBody {
    }

    /**
     * A request that failed during preparation; it changes nothing but its code is the reply.
     * Inside a failed {@link Multi} it also stands for the per-op result codes (OK for ops before
     * the failing one).
     */
    record Failed(Code code) implements TxnBody {
        public Failed {
            Objects.requireNonNull(code, "code");
        }
    }

    private static void requirePath(String path) {
        String problem = Paths.problem(path);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid path string \"" + path + "\" caused by " + problem);
        }
    }

    private static void requireNodePath(String path) {
        requirePath(path);
        if (path.equals(Paths.ROOT)) {
            throw new IllegalArgumentException("the root cannot be created or deleted");
        }
    }

    private static List<Acl> requireAcl(List<Acl> acl) {
        List<Acl> copy = List.copyOf(acl);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("ACL must not be empty");
        }
        return copy;
    }


}
