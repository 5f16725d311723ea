package io.warden.ops.bench;

/** The measured part of a run on the {@link System#nanoTime()} scale: [start, end). */
record MeasuredWindow(long startNanos, long endNanos) {
    MeasuredWindow {
        if (endNanos - startNanos <= 0) {
            throw new IllegalArgumentException("empty window [" + startNanos + ", " + endNanos + ")");
        }
    }

    boolean contains(long nanos) {
        return nanos - startNanos >= 0 && nanos - endNanos < 0;
    }

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }
}
