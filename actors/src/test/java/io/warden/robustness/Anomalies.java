package io.warden.robustness;

import java.util.ArrayList;
import java.util.List;

/**
 * What the fuzzers saw the server do wrong, shared by their threads. Bounded: past the first
 * {@value #KEPT} only the count grows, so a systematic bug cannot exhaust the heap.
 */
final class Anomalies {
    private static final int KEPT = 50;

    private final List<String> first = new ArrayList<>();
    private long count;

    synchronized void add(String what) {
        count++;
        if (first.size() < KEPT) {
            first.add(what);
        }
    }

    synchronized long count() {
        return count;
    }

    synchronized String describe() {
        return count + " anomalies; the first " + first.size() + ":\n  " + String.join("\n  ", first);
    }
}
