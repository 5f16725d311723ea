package io.warden.api.client;

import io.warden.api.data.Stat;
import java.util.Arrays;
import java.util.Objects;

/** A node's data (possibly null) and its Stat, as one read saw them. */
public record NodeData(byte[] data, Stat stat) {
    public NodeData {
        Objects.requireNonNull(stat, "stat");
    }
    @Override public boolean equals(Object o) {
        return o instanceof NodeData n && Arrays.equals(data, n.data) && stat.equals(n.stat);
    }
    @Override public int hashCode() { return 31 * Arrays.hashCode(data) + stat.hashCode(); }
    @Override public String toString() {
        return "NodeData[" + (data == null ? "null" : data.length + " bytes") + ", " + stat + "]";
    }
}
