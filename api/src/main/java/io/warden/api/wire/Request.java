package io.warden.api.wire;

import io.warden.api.data.AddWatchMode;
import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.WatcherType;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One operation a ZooKeeper client can ask for: the body of a request frame, one record per
 * operation of the 3.9 client. Fields are as sent: a path, data, ACL list or string vector may
 * be null where jute allows it (validation is the server's job, with ZooKeeper's error codes).
 * Lists are not copied; decoded lists are unmodifiable. Arrays are compared by content.
 *
 * <p>Two records are not operations but outcomes of decoding a frame that a server must still
 * answer in order: {@link Unknown} (an opcode this codec does not know; ZooKeeper answers
 * Unimplemented) and {@link Malformed} (a known opcode whose body could not be read).
 */
public sealed interface Request {

    Operation operation();

    /** An operation that may appear inside {@link Multi}. */
    sealed interface MultiOp extends Request {}

    /** An operation that may appear inside {@link MultiRead}. */
    sealed interface ReadOp extends Request {}

    /** create: answered by {@link Response.Create} (the path only). */
    record Create(String path, byte[] data, List<Acl> acl, CreateMode mode) implements MultiOp {
        public Create {
            Objects.requireNonNull(mode, "mode");
        }
        @Override public Operation operation() { return Operation.CREATE; }
        @Override public boolean equals(Object o) {
            return o instanceof Create c && Objects.equals(path, c.path) && Arrays.equals(data, c.data)
                    && Objects.equals(acl, c.acl) && mode == c.mode;
        }
        @Override public int hashCode() { return Objects.hash(path, Arrays.hashCode(data), acl, mode); }
        @Override public String toString() {
            return "Create[path=" + path + ", data=" + Bytes.describe(data) + ", acl=" + acl + ", mode=" + mode + "]";
        }
    }

    /** create2: answered by {@link Response.Create2} (path and stat). */
    record Create2(String path, byte[] data, List<Acl> acl, CreateMode mode) implements MultiOp {
        public Create2 {
            Objects.requireNonNull(mode, "mode");
        }
        @Override public Operation operation() { return Operation.CREATE2; }
        @Override public boolean equals(Object o) {
            return o instanceof Create2 c && Objects.equals(path, c.path) && Arrays.equals(data, c.data)
                    && Objects.equals(acl, c.acl) && mode == c.mode;
        }
        @Override public int hashCode() { return Objects.hash(path, Arrays.hashCode(data), acl, mode); }
        @Override public String toString() {
            return "Create2[path=" + path + ", data=" + Bytes.describe(data) + ", acl=" + acl + ", mode=" + mode + "]";
        }
    }

    /** createContainer: the mode is what the client sent (CONTAINER from a well-behaved one). */
    record CreateContainer(String path, byte[] data, List<Acl> acl, CreateMode mode) implements MultiOp {
        public CreateContainer {
            Objects.requireNonNull(mode, "mode");
        }
        @Override public Operation operation() { return Operation.CREATE_CONTAINER; }
        @Override public boolean equals(Object o) {
            return o instanceof CreateContainer c && Objects.equals(path, c.path) && Arrays.equals(data, c.data)
                    && Objects.equals(acl, c.acl) && mode == c.mode;
        }
        @Override public int hashCode() { return Objects.hash(path, Arrays.hashCode(data), acl, mode); }
        @Override public String toString() {
            return "CreateContainer[path=" + path + ", data=" + Bytes.describe(data) + ", acl=" + acl
                    + ", mode=" + mode + "]";
        }
    }

    /** createTTL. */
    record CreateTtl(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMs) implements MultiOp {
        public CreateTtl {
            Objects.requireNonNull(mode, "mode");
        }
        @Override public Operation operation() { return Operation.CREATE_TTL; }
        @Override public boolean equals(Object o) {
            return o instanceof CreateTtl c && Objects.equals(path, c.path) && Arrays.equals(data, c.data)
                    && Objects.equals(acl, c.acl) && mode == c.mode && ttlMs == c.ttlMs;
        }
        @Override public int hashCode() { return Objects.hash(path, Arrays.hashCode(data), acl, mode, ttlMs); }
        @Override public String toString() {
            return "CreateTtl[path=" + path + ", data=" + Bytes.describe(data) + ", acl=" + acl + ", mode=" + mode
                    + ", ttlMs=" + ttlMs + "]";
        }
    }

    record Delete(String path, int version) implements MultiOp {
        @Override public Operation operation() { return Operation.DELETE; }
    }

    record Exists(String path, boolean watch) implements Request {
        @Override public Operation operation() { return Operation.EXISTS; }
    }

    record GetData(String path, boolean watch) implements ReadOp {
        @Override public Operation operation() { return Operation.GET_DATA; }
    }

    record SetData(String path, byte[] data, int version) implements MultiOp {
        @Override public Operation operation() { return Operation.SET_DATA; }
        @Override public boolean equals(Object o) {
            return o instanceof SetData s && Objects.equals(path, s.path) && Arrays.equals(data, s.data)
                    && version == s.version;
        }
        @Override public int hashCode() { return Objects.hash(path, Arrays.hashCode(data), version); }
        @Override public String toString() {
            return "SetData[path=" + path + ", data=" + Bytes.describe(data) + ", version=" + version + "]";
        }
    }

    record GetAcl(String path) implements Request {
        @Override public Operation operation() { return Operation.GET_ACL; }
    }

    record SetAcl(String path, List<Acl> acl, int version) implements Request {
        @Override public Operation operation() { return Operation.SET_ACL; }
    }

    record GetChildren(String path, boolean watch) implements ReadOp {
        @Override public Operation operation() { return Operation.GET_CHILDREN; }
    }

    record GetChildren2(String path, boolean watch) implements Request {
        @Override public Operation operation() { return Operation.GET_CHILDREN2; }
    }

    record GetAllChildrenNumber(String path) implements Request {
        @Override public Operation operation() { return Operation.GET_ALL_CHILDREN_NUMBER; }
    }

    record GetEphemerals(String prefixPath) implements Request {
        @Override public Operation operation() { return Operation.GET_EPHEMERALS; }
    }

    record Sync(String path) implements Request {
        @Override public Operation operation() { return Operation.SYNC; }
    }

    /** check: standalone it is answered by {@link Response.NodeStat}; inside a multi by a CheckResult. */
    record Check(String path, int version) implements MultiOp {
        @Override public Operation operation() { return Operation.CHECK; }
    }

    /** multi: a transaction, all ops or none. */
    record Multi(List<MultiOp> ops) implements Request {
        public Multi {
            Objects.requireNonNull(ops, "ops");
        }
        @Override public Operation operation() { return Operation.MULTI; }
    }

    /** multiRead: independent reads, each answered on its own. */
    record MultiRead(List<ReadOp> ops) implements Request {
        public MultiRead {
            Objects.requireNonNull(ops, "ops");
        }
        @Override public Operation operation() { return Operation.MULTI_READ; }
    }

    record AddWatch(String path, AddWatchMode mode) implements Request {
        public AddWatch {
            Objects.requireNonNull(mode, "mode");
        }
        @Override public Operation operation() { return Operation.ADD_WATCH; }
    }

    record RemoveWatches(String path, WatcherType type) implements Request {
        public RemoveWatches {
            Objects.requireNonNull(type, "type");
        }
        @Override public Operation operation() { return Operation.REMOVE_WATCHES; }
    }

    record CheckWatches(String path, WatcherType type) implements Request {
        public CheckWatches {
            Objects.requireNonNull(type, "type");
        }
        @Override public Operation operation() { return Operation.CHECK_WATCHES; }
    }

    /** setWatches (sent with xid {@link ClientRequest#SET_WATCHES_XID} when a session reconnects). */
    record SetWatches(long relativeZxid, List<String> dataWatches, List<String> existWatches,
                      List<String> childWatches) implements Request {
        @Override public Operation operation() { return Operation.SET_WATCHES; }
    }

    /** setWatches2: {@link SetWatches} plus persistent and persistent-recursive watches. */
    record SetWatches2(long relativeZxid, List<String> dataWatches, List<String> existWatches,
                       List<String> childWatches, List<String> persistentWatches,
                       List<String> persistentRecursiveWatches) implements Request {
        @Override public Operation operation() { return Operation.SET_WATCHES2; }
    }

    /**
     * auth (sent with xid {@link ClientRequest#AUTH_XID}). Jute's AuthPacket also carries an
     * int {@code type} that no ZooKeeper version reads; it is sent as 0 and ignored.
     */
    record Auth(String scheme, byte[] auth) implements Request {
        @Override public Operation operation() { return Operation.AUTH; }
        @Override public boolean equals(Object o) {
            return o instanceof Auth a && Objects.equals(scheme, a.scheme) && Arrays.equals(auth, a.auth);
        }
        @Override public int hashCode() { return Objects.hash(scheme, Arrays.hashCode(auth)); }
        @Override public String toString() { return "Auth[scheme=" + scheme + ", auth=" + Bytes.describe(auth) + "]"; }
    }

    /** sasl: one SASL token; answered by {@link Response.Sasl}. */
    record Sasl(byte[] token) implements Request {
        @Override public Operation operation() { return Operation.SASL; }
        @Override public boolean equals(Object o) { return o instanceof Sasl s && Arrays.equals(token, s.token); }
        @Override public int hashCode() { return Arrays.hashCode(token); }
        @Override public String toString() { return "Sasl[token=" + Bytes.describe(token) + "]"; }
    }

    /** reconfig (ZooKeeperAdmin); answered by {@link Response.GetData} with the new config. */
    record Reconfig(String joiningServers, String leavingServers, String newMembers, long curConfigId)
            implements Request {
        @Override public Operation operation() { return Operation.RECONFIG; }
    }

    record WhoAmI() implements Request {
        public static final WhoAmI INSTANCE = new WhoAmI();
        @Override public Operation operation() { return Operation.WHO_AM_I; }
    }

    record CloseSession() implements Request {
        public static final CloseSession INSTANCE = new CloseSession();
        @Override public Operation operation() { return Operation.CLOSE_SESSION; }
    }

    /** ping (sent with xid {@link ClientRequest#PING_XID}). */
    record Ping() implements Request {
        public static final Ping INSTANCE = new Ping();
        @Override public Operation operation() { return Operation.PING; }
    }

    /**
     * A request whose opcode this codec does not know. Its body is skipped; the server answers
     * {@link Code#UNIMPLEMENTED} as ZooKeeper does, instead of dropping the connection.
     */
    record Unknown(int opCode) implements Request {
        @Override public Operation operation() { return Operation.UNKNOWN; }
    }

    /**
     * A request whose header was read but whose body was not. ZooKeeper answers such a request,
     * in its turn, with {@code error}: {@link Code#MARSHALLING_ERROR} for an unreadable body,
     * {@link Code#BAD_ARGUMENTS} for a create with an unknown mode flag. Decode-only: it cannot
     * be encoded.
     */
    record Malformed(Code error, String reason) implements Request {
        public Malformed {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(reason, "reason");
        }
        @Override public Operation operation() { return Operation.MALFORMED; }
    }
}
