package io.warden.ops.bench;

/**
 * A log-linear histogram of non-negative values (nanoseconds here), in the spirit of
 * HdrHistogram with two significant binary digits' worth of sub-buckets fixed at 64.
 *
 * <p>Layout: values below {@value #LINEAR_LIMIT} get a bucket each (exact). Above, each power
 * of two {@code [2^e, 2^(e+1))} is split into {@value #SUB_BUCKETS} equal buckets, so a
 * reported value is never more than 1/64 (about 1.6 %) above the true one, over the whole
 * {@code long} range in 3,712 buckets (29 KiB).
 *
 * <p>Not thread-safe on purpose: each load-generator session records into its own histogram
 * from a single thread (the session's event thread) and the histograms are merged after the
 * session has drained, which keeps recording at one array increment with no contention.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 6;
    static final int SUB_BUCKETS = 1 << SUB_BITS;
    static final int LINEAR_LIMIT = 2 * SUB_BUCKETS;
    /** Exponent of the first log bucket: LINEAR_LIMIT == 2^FIRST_EXPONENT. */
    private static final int FIRST_EXPONENT = SUB_BITS + 1;
    private static final int BUCKETS = LINEAR_LIMIT + (63 - FIRST_EXPONENT) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long min = Long.MAX_VALUE;
    private long max;
    private double sum;

    void record(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        counts[index(value)]++;
        total++;
        sum += value;
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    long min() {
        return total == 0 ? 0 : min;
    }

    double mean() {
        return total == 0 ? 0 : sum / total;
    }

    /**
     * The smallest recorded-bucket bound at or below which {@code percent} % of the values lie:
     * the bucket's highest value, capped by the largest value actually recorded. 0 when empty.
     */
    long percentile(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + percent);
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.max(min, Math.min(max, highestInBucket(i)));
            }
        }
        throw new IllegalStateException("bucket counts sum to " + seen + " but total is " + total);
    }

    static int index(long value) {
        if (value < LINEAR_LIMIT) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
        return LINEAR_LIMIT + (exponent - FIRST_EXPONENT) * SUB_BUCKETS + sub;
    }

    static long lowestInBucket(int index) {
        if (index < LINEAR_LIMIT) {
            return index;
        }
        int exponent = FIRST_EXPONENT + (index - LINEAR_LIMIT) / SUB_BUCKETS;
        int sub = (index - LINEAR_LIMIT) % SUB_BUCKETS;
        return ((long) SUB_BUCKETS + sub) << (exponent - SUB_BITS);
    }

    static long highestInBucket(int index) {
        return index == BUCKETS - 1 ? Long.MAX_VALUE : lowestInBucket(index + 1) - 1;
    }
}
