package io.warden.persistence.prep;

import io.warden.persistence.txn.ByteArrays;
import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A write request as the client (or the server itself) asked for it, before preparation decided
 * whether it can happen and what it changes. Fields are the client's values, unchecked: the
 * preparer turns bad values into ZooKeeper's error codes. Null is refused here, because a null
 * is a decoding bug, not a client mistake, with one exception: data may be null, because ZooKeeper
 * clients may send null data (a jute buffer of length -1) and ZooKeeper keeps it as null, apart
 * from an empty array. Null data has dataLength 0.
 */
public sealed interface WriteOp {

    /** The ops a multi may contain: ZooKeeper's multi carries only these four kinds. */
    sealed interface MultiOp extends WriteOp {
        /** The path the op is about. */
        String path();
    }

    /**
     * create / create2 / createContainer / createTTL.
     *
     * @param path  the requested path; a sequential create gets the parent's counter appended
     * @param data  the node's data, or null: kept as null, apart from empty. The array is taken,
     *              not copied: the caller (the wire decoder) must not modify it afterwards
     * @param ttlMs the TTL for a TTL mode; -1 (none) for every other mode, as ZooKeeper's plain
     *              create requests carry no TTL
     */
    record Create(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMs) implements MultiOp {
        public Create {
            Objects.requireNonNull(path, "path");
            acl = List.copyOf(acl);
            Objects.requireNonNull(mode, "mode");
        }

        /** A create without TTL (ttlMs = -1). */
        public Create(String path, byte[] data, List<Acl> acl, CreateMode mode) {
            this(path, data, acl, mode, -1);
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
                    && acl.equals(c.acl) && mode == c.mode && ttlMs == c.ttlMs;
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, Arrays.hashCode(data), acl, mode, ttlMs);
        }

        @Override
        public String toString() {
            return "Create[path=" + path + ", data=" + ByteArrays.describe(data) + ", acl=" + acl + ", mode=" + mode
                    + ", ttlMs=" + ttlMs + "]";
        }
    }

    /** delete; version -1 matches any version. */
    record Delete(String path, int version) implements MultiOp {
        public Delete {
            Objects.requireNonNull(path, "path");
        }
    }

    /** setData; version -1 matches any version; data may be null (see {@link Create}). */
    record SetData(String path, byte[] data, int version) implements MultiOp {
        public SetData {
            Objects.requireNonNull(path, "path");
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

    /** check (a version assertion, used inside multi); version -1 matches any version. */
    record Check(String path, int version) implements MultiOp {
        public Check {
            Objects.requireNonNull(path, "path");
        }
    }

    /** setACL; aversion -1 matches any ACL version. */
    record SetAcl(String path, List<Acl> acl, int aversion) implements WriteOp {
        public SetAcl {
            Objects.requireNonNull(path, "path");
            acl = List.copyOf(acl);
        }
    }

    /** multi: all ops or none; each op sees the effects of the ops before it. */
    record Multi(List<MultiOp> ops) implements WriteOp {
        public Multi {
            ops = List.copyOf(ops);
        }
    }

    /** createSession, with the timeout the server already negotiated. */
    record CreateSession(int timeoutMs) implements WriteOp {
        public CreateSession {
            if (timeoutMs <= 0) {
                throw new IllegalArgumentException("negotiated timeoutMs must be positive: " + timeoutMs);
            }
        }
    }

    /** closeSession (client close or expiry): deletes every ephemeral the session owns. */
    record CloseSession() implements WriteOp {
    }

    /**
     * The container reaper's delete (ZooKeeper's deleteContainer): deletes the node only if it is
     * still a container and still has no children.
     */
    record DeleteContainer(String path) implements WriteOp {
        public DeleteContainer {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * The TTL reaper's delete (ZooKeeper's deleteContainer on a TTL node): deletes the node only if
     * it is still a TTL node, still has no children and its TTL has still run out at the txn time.
     */
    record DeleteTtl(String path) implements WriteOp {
        public DeleteTtl {
            Objects.requireNonNull(path, "path");
        }
    }


}
