package io.warden.actors.request;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Paces the server's own deletions (empty containers, expired TTL nodes) the way ZooKeeper's
 * ContainerManager does: a check takes the candidates of the moment, and they are deleted at no
 * more than {@code maxPerMinute}, evenly spread; the next check starts only when a pass is done.
 * A burst of tens of thousands of candidates therefore costs minutes of gentle deletions, never
 * one huge proposal. Pure: time is an input.
 */
final class DeletionPacer {

    private final int maxPerMinute;
    private final ArrayDeque<String> pass = new ArrayDeque<>();
    /** Deletions allowed now (fractional, refilled at maxPerMinute). */
    private double allowance;
    private long lastMs;
    private final double burst;

    /**
     * @param maxPerMinute the most deletions in one minute, at least 1. Unused allowance is kept
     *                     for at most one second's worth, so a late pace tick does not lose rate
     *                     and a quiet spell does not turn into a burst.
     */
    DeletionPacer(int maxPerMinute) {
        if (maxPerMinute < 1) {
            throw new IllegalArgumentException("maxPerMinute must be at least 1: " + maxPerMinute);
        }
        this.maxPerMinute = maxPerMinute;
        this.burst = Math.max(1.0, maxPerMinute / 60.0);
    }

    /** True when no pass is under way: the next check may begin. */
    boolean idle() {
        return pass.isEmpty();
    }

    int remaining() {
        return pass.size();
    }

    /** Starts a pass over these candidates; ignored while a pass is under way (as ZooKeeper). */
    void startPass(List<String> candidates, long nowMs) {
        if (!pass.isEmpty() || candidates.isEmpty()) {
            return;
        }
        pass.addAll(candidates);
        lastMs = nowMs;
        allowance = 1.0;
    }

    /** The paths due for deletion now: at most {@code room}, and no more than the rate allows. */
    List<String> take(long nowMs, int room) {
        if (pass.isEmpty() || room <= 0) {
            return List.of();
        }
        long elapsed = Math.max(0, nowMs - lastMs);
        lastMs = nowMs;
        allowance = Math.min(burst, allowance + elapsed * (double) maxPerMinute / 60_000);
        int n = (int) Math.min(Math.min(room, pass.size()), Math.floor(allowance));
        List<String> due = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            due.add(pass.pollFirst());
        }
        allowance -= n;
        return due;
    }
}
