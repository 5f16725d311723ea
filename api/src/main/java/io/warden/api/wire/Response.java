package io.warden.api.wire;

import io.warden.api.data.Acl;
import io.warden.api.data.Stat;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The body of a reply. Which record answers which {@link Request} is fixed by ZooKeeper (the
 * client picks the body's type from the request it sent); see {@link WireCodec#decodeReply}.
 * An error reply, and the replies to delete, ping, auth, setWatches, checkWatches,
 * removeWatches and closeSession, carry no body: {@link Empty}. Fields may be null where jute
 * allows it (a node's null data, a null children vector); a Stat never is.
 */
public sealed interface Response {

    /** No body: the header says it all. */
    record Empty() implements Response {
        public static final Empty INSTANCE = new Empty();
    }

    /** Answers create. */
    record Create(String path) implements Response {}

    /** Answers create2, createContainer and createTTL. */
    record Create2(String path, Stat stat) implements Response {
        public Create2 {
            Objects.requireNonNull(stat, "stat");
        }
    }

    /** Answers exists, setData and a standalone check: the node's Stat. */
    record NodeStat(Stat stat) implements Response {
        public NodeStat {
            Objects.requireNonNull(stat, "stat");
        }
    }

    /** Answers getData and reconfig. */
    record GetData(byte[] data, Stat stat) implements Response {
        public GetData {
            Objects.requireNonNull(stat, "stat");
        }
        @Override public boolean equals(Object o) {
            return o instanceof GetData g && Arrays.equals(data, g.data) && stat.equals(g.stat);
        }
        @Override public int hashCode() { return 31 * Arrays.hashCode(data) + stat.hashCode(); }
        @Override public String toString() { return "GetData[data=" + Bytes.describe(data) + ", stat=" + stat + "]"; }
    }

    record GetChildren(List<String> children) implements Response {}

    record GetChildren2(List<String> children, Stat stat) implements Response {
        public GetChildren2 {
            Objects.requireNonNull(stat, "stat");
        }
    }

    record GetAcl(List<Acl> acl, Stat stat) implements Response {
        public GetAcl {
            Objects.requireNonNull(stat, "stat");
        }
    }

    record SetAcl(Stat stat) implements Response {
        public SetAcl {
            Objects.requireNonNull(stat, "stat");
        }
    }

    record Sync(String path) implements Response {}

    record GetAllChildrenNumber(int totalNumber) implements Response {}

    record GetEphemerals(List<String> ephemerals) implements Response {}

    record WhoAmI(List<ClientInfo> clientInfo) implements Response {}

    /** Answers addWatch: ZooKeeper sends a 4-byte error field here, always 0. */
    record AddWatch() implements Response {
        public static final AddWatch INSTANCE = new AddWatch();
    }

    /** Answers sasl with the server's next SASL token. */
    record Sasl(byte[] token) implements Response {
        @Override public boolean equals(Object o) { return o instanceof Sasl s && Arrays.equals(token, s.token); }
        @Override public int hashCode() { return Arrays.hashCode(token); }
        @Override public String toString() { return "Sasl[token=" + Bytes.describe(token) + "]"; }
    }

    /**
     * Answers multi and multiRead, one result per op in order. A multi that failed is still an
     * OK reply: its results are all {@link OpResult.ErrorResult}s (OK for the ops before the
     * failing one, the failure itself, RUNTIME_INCONSISTENCY after), as ZooKeeper reports it.
     */
    record Multi(List<OpResult> results) implements Response {
        public Multi {
            Objects.requireNonNull(results, "results");
        }
    }
}
