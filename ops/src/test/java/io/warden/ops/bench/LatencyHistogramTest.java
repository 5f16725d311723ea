package io.warden.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100; v++) {
            h.record(v);
        }
        assertEquals(50, h.percentile(50));
        assertEquals(99, h.percentile(99));
        assertEquals(100, h.percentile(99.9));
        assertEquals(100, h.percentile(100));
        assertEquals(1, h.min());
        assertEquals(100, h.max());
        assertEquals(50.5, h.mean(), 1e-9);
    }

    @Test
    void percentilesOfUniformMicrosecondsAreWithinTheBucketError() {
        LatencyHistogram h = new LatencyHistogram();
        for (long us = 1; us <= 100_000; us++) {
            h.record(us * 1_000);
        }
        assertWithinBucketError(50_000_000, h.percentile(50));
        assertWithinBucketError(99_000_000, h.percentile(99));
        assertWithinBucketError(99_900_000, h.percentile(99.9));
        assertEquals(100_000_000, h.percentile(100));
        assertEquals(100_000_000, h.max());
    }

    @Test
    void aSkewedDistributionKeepsItsTail() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 990; i++) {
            h.record(1_000_000);
        }
        for (int i = 0; i < 10; i++) {
            h.record(50_000_000);
        }
        assertWithinBucketError(1_000_000, h.percentile(50));
        assertWithinBucketError(1_000_000, h.percentile(99));
        assertEquals(50_000_000, h.percentile(99.9));
    }

    @Test
    void mergingAddsCountsAndKeepsExtremes() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(10);
        a.record(20);
        b.record(5_000);
        a.add(b);
        assertEquals(3, a.count());
        assertEquals(10, a.min());
        assertEquals(5_000, a.max());
        assertEquals(20, a.percentile(66));
        assertWithinBucketError(5_000, a.percentile(67));
    }

    @Test
    void emptyHistogramReportsZeroAndBadInputIsRejected() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.percentile(99));
        assertEquals(0, h.min());
        assertThrows(IllegalArgumentException.class, () -> h.percentile(0));
        assertThrows(IllegalArgumentException.class, () -> h.percentile(100.1));
        assertThrows(IllegalArgumentException.class, () -> h.record(-1));
    }

    @Test
    void theLargestLongHasABucket() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, h.percentile(50));
    }

    /** Each value lands in a bucket that contains it and is at most 1/64 of its low end wide. */
    @Property(tries = 2_000)
    void everyValueFallsInANarrowBucketThatContainsIt(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long value) {
        int index = LatencyHistogram.index(value);
        long low = LatencyHistogram.lowestInBucket(index);
        long high = LatencyHistogram.highestInBucket(index);
        assertTrue(low <= value && value <= high, () -> value + " not in [" + low + ", " + high + "]");
        assertTrue(high - low <= low / LatencyHistogram.SUB_BUCKETS,
                () -> "bucket [" + low + ", " + high + "] wider than 1/64 of " + low);
    }

    @Test
    void bucketsTileTheRangeWithoutGaps() {
        long expectedLow = 0;
        for (int i = 0; LatencyHistogram.highestInBucket(i) != Long.MAX_VALUE; i++) {
            assertEquals(expectedLow, LatencyHistogram.lowestInBucket(i), "bucket " + i);
            expectedLow = LatencyHistogram.highestInBucket(i) + 1;
        }
    }

    private static void assertWithinBucketError(long expected, long actual) {
        double error = Math.abs(actual - expected) / (double) expected;
        assertTrue(error <= 1.0 / LatencyHistogram.SUB_BUCKETS,
                () -> "expected about " + expected + " but got " + actual);
    }
}
