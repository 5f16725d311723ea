package io.warden.actors.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Session deadlines, bucketed by tick. Touching a session moves it to the bucket of
 * {@code roundUpToTick(now + timeout)}; {@link #expire(long)} takes every bucket due.
 * Bucketing keeps a touch O(log buckets) and an expiry pass proportional to what expires.
 */
public final class SessionExpiry {
    private final long tickMs;
    private final Map<Long, Long> deadlineBySession = new HashMap<>();
    private final TreeMap<Long, Set<Long>> sessionsByDeadline = new TreeMap<>();

    public SessionExpiry(long tickMs) {
        if (tickMs <= 0) {
            throw new IllegalArgumentException("tickMs must be positive: " + tickMs);
        }
        this.tickMs = tickMs;
    }

    /** Records activity: the session now expires {@code timeoutMs} after {@code nowMs}, tick-rounded. */
    public void touch(long sessionId, int timeoutMs, long nowMs) {
        long deadline = roundUpToTick(nowMs + timeoutMs);
        Long previous = deadlineBySession.put(sessionId, deadline);
        if (previous != null) {
            if (previous == deadline) {
                return;
            }
            removeFromBucket(sessionId, previous);
        }
        sessionsByDeadline.computeIfAbsent(deadline, d -> new LinkedHashSet<>()).add(sessionId);
    }

    /** Stops tracking a session (closed by its client, or already expired). */
    public void remove(long sessionId) {
        Long deadline = deadlineBySession.remove(sessionId);
        if (deadline != null) {
            removeFromBucket(sessionId, deadline);
        }
    }

    public boolean isTracked(long sessionId) {
        return deadlineBySession.containsKey(sessionId);
    }

    /** Removes and returns every session whose deadline is at or before {@code nowMs}. */
    public List<Long> expire(long nowMs) {
        List<Long> expired = new ArrayList<>();
        while (!sessionsByDeadline.isEmpty() && sessionsByDeadline.firstKey() <= nowMs) {
            for (Long sessionId : sessionsByDeadline.pollFirstEntry().getValue()) {
                deadlineBySession.remove(sessionId);
                expired.add(sessionId);
            }
        }
        return expired;
    }

    /** The next time an expiry pass can find something, or -1 when nothing is tracked. */
    public long nextDeadlineMs() {
        return sessionsByDeadline.isEmpty() ? -1 : sessionsByDeadline.firstKey();
    }

    /** The sessions of each deadline, earliest first (a copy, for the dump word). */
    public Map<Long, List<Long>> byDeadline() {
        Map<Long, List<Long>> out = new java.util.LinkedHashMap<>();
        sessionsByDeadline.forEach((deadline, sessions) -> out.put(deadline, List.copyOf(sessions)));
        return out;
    }

    public int size() {
        return deadlineBySession.size();
    }

    private long roundUpToTick(long timeMs) {
        return (timeMs / tickMs + 1) * tickMs;
    }

    private void removeFromBucket(long sessionId, long deadline) {
        Set<Long> bucket = sessionsByDeadline.get(deadline);
        bucket.remove(sessionId);
        if (bucket.isEmpty()) {
            sessionsByDeadline.remove(deadline);
        }
    }
}
