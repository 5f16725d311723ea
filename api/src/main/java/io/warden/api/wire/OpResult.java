package io.warden.api.wire;

import io.warden.api.data.Code;
import io.warden.api.data.Stat;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The result of one op inside a {@link Response.Multi}. */
public sealed interface OpResult {

    /** A create op's result: the created path (a create2, createContainer or createTTL op gets {@link Create2Result}). */
    record CreateResult(String path) implements OpResult {}

    record Create2Result(String path, Stat stat) implements OpResult {
        public Create2Result {
            Objects.requireNonNull(stat, "stat");
        }
    }

    record DeleteResult() implements OpResult {
        public static final DeleteResult INSTANCE = new DeleteResult();
    }

    record SetDataResult(Stat stat) implements OpResult {
        public SetDataResult {
            Objects.requireNonNull(stat, "stat");
        }
    }

    record CheckResult() implements OpResult {
        public static final CheckResult INSTANCE = new CheckResult();
    }

    /** A multiRead getData result. */
    record GetDataResult(byte[] data, Stat stat) implements OpResult {
        public GetDataResult {
            Objects.requireNonNull(stat, "stat");
        }
        @Override public boolean equals(Object o) {
            return o instanceof GetDataResult g && Arrays.equals(data, g.data) && stat.equals(g.stat);
        }
        @Override public int hashCode() { return 31 * Arrays.hashCode(data) + stat.hashCode(); }
        @Override public String toString() {
            return "GetDataResult[data=" + Bytes.describe(data) + ", stat=" + stat + "]";
        }
    }

    /** A multiRead getChildren result. */
    record GetChildrenResult(List<String> children) implements OpResult {}

    /** An op that failed, or (err OK) one that was rolled back because another op failed. */
    record ErrorResult(Code err) implements OpResult {
        public ErrorResult {
            Objects.requireNonNull(err, "err");
        }
    }
}
