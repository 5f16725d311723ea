package io.warden.persistence.tree;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The text record ZooKeeper keeps in a quota's {@code zookeeper_limits} and {@code zookeeper_stats}
 * nodes, read and written as ZooKeeper 3.9 does, because clients (zkCli's setquota / listquota /
 * delquota, Curator, admin tools) read and write these nodes directly.
 *
 * <p>Grammar (ZooKeeper's {@code StatsTrack}): pairs {@code key=value} separated by runs of ',' or
 * ';'; a value is a decimal long, an empty one (as in {@code key==}) means -1; a key given twice
 * keeps the last value; an absent key reads as -1. Written form: {@code count=C,bytes=B}, and when
 * there are other keys (the hard limits) a '=' and then {@code ;key=value} for each in key order,
 * e.g. {@code count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2}. The stray '=' makes parsers
 * older than hard limits stop after bytes.
 *
 * <p>Immutable.
 */
public final class StatsTrack {
    public static final String COUNT = "count";
    public static final String BYTES = "bytes";
    public static final String COUNT_HARD_LIMIT = "countHardLimit";
    public static final String BYTE_HARD_LIMIT = "byteHardLimit";

    private static final Pattern PAIR_SEPARATORS = Pattern.compile("[,;]+");

    private final Map<String, Long> values;

    private StatsTrack(Map<String, Long> values) {
        this.values = values;
    }

    /** A stats record as ZooKeeper writes it for a fresh count. */
    public static StatsTrack of(long count, long bytes) {
        TreeMap<String, Long> values = new TreeMap<>();
        values.put(COUNT, count);
        values.put(BYTES, bytes);
        return new StatsTrack(values);
    }

    /**
     * The record in a node's data, or empty when ZooKeeper could not parse it either (a pair
     * without '=', a value that is not a long). Null or empty data is a record with no keys.
     */
    public static Optional<StatsTrack> parse(byte[] data) {
        if (data == null || data.length == 0) {
            return Optional.of(new StatsTrack(new TreeMap<>()));
        }
        TreeMap<String, Long> values = new TreeMap<>();
        for (String pair : PAIR_SEPARATORS.split(new String(data, StandardCharsets.UTF_8))) {
            // String.split drops trailing empty strings, as ZooKeeper relies on: "a=" has no value.
            String[] kv = pair.split("=");
            if (kv.length < 2) {
                return Optional.empty();
            }
            try {
                values.put(kv[0], kv[1].isEmpty() ? -1L : Long.parseLong(kv[1]));
            } catch (NumberFormatException notALong) {
                return Optional.empty();
            }
        }
        return Optional.of(new StatsTrack(values));
    }

    /** The value of {@code key}, -1 when absent (ZooKeeper's "no limit"). */
    public long get(String key) {
        Long value = values.get(key);
        return value == null ? -1 : value;
    }

    public long count() {
        return get(COUNT);
    }

    public long bytes() {
        return get(BYTES);
    }

    public long countHardLimit() {
        return get(COUNT_HARD_LIMIT);
    }

    public long byteHardLimit() {
        return get(BYTE_HARD_LIMIT);
    }

    /** This record with count and bytes moved by the given differences, other keys kept. */
    public StatsTrack plus(long countDiff, long bytesDiff) {
        TreeMap<String, Long> changed = new TreeMap<>(values);
        changed.put(COUNT, count() + countDiff);
        changed.put(BYTES, bytes() + bytesDiff);
        return new StatsTrack(changed);
    }

    /** The written form; see the class comment. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append(COUNT).append('=').append(count()).append(',').append(BYTES).append('=').append(bytes());
        boolean first = true;
        for (Map.Entry<String, Long> entry : values.entrySet()) {
            if (entry.getKey().equals(COUNT) || entry.getKey().equals(BYTES)) {
                continue;
            }
            if (first) {
                text.append('=');
                first = false;
            }
            text.append(';').append(entry.getKey()).append('=').append(entry.getValue());
        }
        return text.toString();
    }

    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatsTrack other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
