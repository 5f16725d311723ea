package io.warden.actors.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.actors.session.RequestQueue.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestQueueTest {

    static final class E implements RequestQueue.Entry {
        final String name;
        final Kind kind;
        final boolean followUp;
        boolean done;

        E(String name, Kind kind, boolean followUp) {
            this.name = name;
            this.kind = kind;
            this.followUp = followUp;
        }

        @Override public Kind kind() { return kind; }
        @Override public boolean isDone() { return done; }
        @Override public String toString() { return name; }
    }

    private final RequestQueue<E> queue = new RequestQueue<>(100);
    private final List<String> started = new ArrayList<>();
    private final List<String> finished = new ArrayList<>();

    private E add(String name, Kind kind) {
        return add(name, kind, false);
    }

    private E add(String name, Kind kind, boolean followUp) {
        E e = new E(name, kind, followUp);
        queue.add(e);
        return e;
    }

    private void pump() {
        queue.flush(e -> finished.add(e.name));
        queue.dispatch(e -> {
            started.add(e.name);
            if (e.kind == Kind.READ && !e.followUp) {
                e.done = true;
            }
        }, e -> finished.add(e.name));
        queue.flush(e -> finished.add(e.name));
    }

    @Test
    void readsWithNothingInFlightRunAndFinishAtOnce() {
        add("r1", Kind.READ);
        add("r2", Kind.READ);
        pump();
        assertEquals(List.of("r1", "r2"), started);
        assertEquals(List.of("r1", "r2"), finished, "every read is finished, so its reply leaves and it stops counting");
        assertTrue(queue.isIdle());
    }

    @Test
    void writesArePipelinedButAReadWaitsForThem() {
        E w1 = add("w1", Kind.WRITE);
        E w2 = add("w2", Kind.WRITE);
        add("r", Kind.READ);
        add("w3", Kind.WRITE);
        pump();
        assertEquals(List.of("w1", "w2"), started, "the read waits, and so does the write behind it");
        w2.done = true;
        pump();
        assertEquals(List.of(), finished, "w2's reply waits for w1's");
        w1.done = true;
        pump();
        assertEquals(List.of("w1", "w2", "r"), finished);
        assertEquals(List.of("w1", "w2", "r", "w3"), started);
    }

    @Test
    void readThatSetsAWatchBlocksEverythingUntilRegistered() {
        E watchingRead = add("r+watch", Kind.READ, true);
        add("w", Kind.WRITE);
        add("r", Kind.READ);
        pump();
        assertEquals(List.of("r+watch"), started);
        watchingRead.done = true;
        pump();
        assertEquals(List.of("r+watch", "w"), started, "the write goes once registered; the read waits for the write");
        assertEquals(List.of("r+watch"), finished);
    }

    @Test
    void barrierRunsAlone() {
        E w = add("w", Kind.WRITE);
        E sync = add("sync", Kind.BARRIER);
        add("w2", Kind.WRITE);
        pump();
        assertEquals(List.of("w"), started);
        w.done = true;
        pump();
        assertEquals(List.of("w", "sync"), started);
        sync.done = true;
        pump();
        assertEquals(List.of("w", "sync", "w2"), started);
        assertEquals(List.of("w", "sync"), finished);
    }

    @Test
    void fullnessCountsWaitingAndInFlight() {
        RequestQueue<E> small = new RequestQueue<>(2);
        small.add(new E("w1", Kind.WRITE, false));
        assertFalse(small.isFull());
        small.add(new E("w2", Kind.WRITE, false));
        assertTrue(small.isFull());
        small.dispatch(e -> { }, e -> { });
        assertTrue(small.isFull(), "in flight still counts");
        assertEquals(2, small.clear());
        assertTrue(small.isIdle());
    }
}
