package io.warden.actors.session;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A session's requests in the order they arrived, and the rule that keeps ZooKeeper's per-session
 * order: replies leave strictly in arrival order; writes may be pipelined (several in flight, the
 * log keeps their order); a read runs only when nothing before it is still in flight, so it sees
 * every earlier write of its session and none of the later ones; a "barrier" (a watch
 * registration, a watch or sync operation) runs only alone.
 *
 * <p>Pure: no actors, no clock. The session actor feeds it and carries out what it returns.
 *
 * @param <E> the entry type the session keeps per request
 */
public final class RequestQueue<E extends RequestQueue.Entry> {

    /** How an entry is processed. */
    public enum Kind {
        /** Answered locally from the read view, now. */
        READ,
        /** Sent to the leader; may overlap other writes. */
        WRITE,
        /** Needs the commit stage alone: sync, watch registration and removal. */
        BARRIER
    }

    /** A request as the queue sees it. */
    public interface Entry {
        Kind kind();

        /** True once its reply is known (set by the session on completion). */
        boolean isDone();
    }

    // Sized for an idle session (they grow as needed): every connection has a queue, and the
    // default 16 slots each were a noticeable part of an idle session's heap (issue 12).
    private final ArrayDeque<E> waiting = new ArrayDeque<>(1);
    private final ArrayDeque<E> inFlight = new ArrayDeque<>(1);
    private final int maxOutstanding;
    private int barriersInFlight;

    public RequestQueue(int maxOutstanding) {
        if (maxOutstanding <= 0) {
            throw new IllegalArgumentException("maxOutstanding must be positive: " + maxOutstanding);
        }
        this.maxOutstanding = maxOutstanding;
    }

    public void add(E entry) {
        waiting.addLast(entry);
    }

    /** Requests not yet answered; the session stops reading its socket at the maximum. */
    public int outstanding() {
        return waiting.size() + inFlight.size();
    }

    public boolean isFull() {
        return outstanding() >= maxOutstanding;
    }

    public boolean isIdle() {
        return waiting.isEmpty() && inFlight.isEmpty();
    }

    /**
     * Starts every waiting entry the ordering rule allows, in order, handing each to
     * {@code start}. A READ is answered by {@code start} itself: if it is done on return it is
     * handed to {@code finish} at once (nothing before it is unanswered, so its reply is next in
     * line); if it still awaits a follow-up (a watch registration) it waits in flight like a
     * barrier, and everything behind it waits too.
     */
    public void dispatch(Consumer<E> start, Consumer<E> finish) {
        while (!waiting.isEmpty()) {
            E next = waiting.peekFirst();
            boolean mayStart = switch (next.kind()) {
                case READ, BARRIER -> inFlight.isEmpty();
                case WRITE -> barriersInFlight == 0;
            };
            if (!mayStart) {
                return;
            }
            waiting.pollFirst();
            start.accept(next);
            switch (next.kind()) {
                case READ -> {
                    if (next.isDone()) {
                        finish.accept(next);
                    } else {
                        inFlight.addLast(next);
                        barriersInFlight++;
                    }
                }
                case WRITE -> inFlight.addLast(next);
                case BARRIER -> {
                    inFlight.addLast(next);
                    barriersInFlight++;
                }
            }
        }
    }

    /** The first in-flight entry matching {@code matcher}, for completions that carry an id. */
    public E findInFlight(Predicate<E> matcher) {
        for (E entry : inFlight) {
            if (matcher.test(entry)) {
                return entry;
            }
        }
        return null;
    }

    /**
     * Hands every finished entry at the head of the in-flight queue to {@code finish}, in order.
     * A READ in flight was only waiting for its follow-up; its reply already left.
     */
    public void flush(Consumer<E> finish) {
        while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
            E entry = inFlight.pollFirst();
            if (entry.kind() != Kind.WRITE) {
                barriersInFlight--;
            }
            finish.accept(entry);
        }
    }

    /** Drops everything (the connection is gone); returns how many were dropped. */
    public int clear() {
        int dropped = outstanding();
        waiting.clear();
        inFlight.clear();
        barriersInFlight = 0;
        return dropped;
    }
}
