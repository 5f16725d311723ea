package io.warden.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.api.data.EventType;
import io.warden.api.data.Stat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The change stream's core, driven by hand: what a catch-up proves, and what it reports instead. */
class ChangeModelTest {
    private static final String R = "/r";

    private static Stat stat(long czxid, long mzxid, int version, int cversion, int children, long pzxid) {
        return new Stat(czxid, mzxid, 0, 0, version, cversion, 0, 0, 0, children, pzxid);
    }

    private static Change.Event ev(EventType t, String p, long zxid) {
        return new Change.Event(t, p, zxid);
    }

    /** A stream from now over /r with children a and b, model built, registered at zxid 10. */
    private static ChangeModel built() {
        ChangeModel m = new ChangeModel(R, 8);
        m.startFromNow();
        m.registeredAt(10, true);
        int g = m.generation();
        assertEquals(List.of("/r/a", "/r/b"), m.onRead(g, R, stat(1, 1, 0, 2, 2, 3), List.of("a", "b"), 10));
        m.onRead(g, "/r/a", stat(2, 2, 0, 0, 0, 2), List.of(), 10);
        m.onRead(g, "/r/b", stat(3, 5, 1, 0, 0, 3), List.of(), 10);
        assertEquals(List.of(), m.finish());
        return m;
    }

    /** Reads the whole subtree as the server answers after a gap. */
    private static List<Change> catchUp(ChangeModel m, Stat root, List<String> kids, Stat a, Stat b, long readZxid) {
        int g = m.generation();
        m.onRead(g, R, root, kids, readZxid);
        if (kids.contains("a")) {
            m.onRead(g, "/r/a", a, List.of(), readZxid);
        }
        if (kids.contains("b")) {
            m.onRead(g, "/r/b", b, List.of(), readZxid);
        }
        assertEquals(true, m.done());
        return m.finish();
    }

    @Test
    void oneDataChangeInTheGapIsDatedByMzxidAndHeldLiveChangesFollowIt() {
        ChangeModel m = built();
        assertEquals(List.of(ev(EventType.NODE_DATA_CHANGED, "/r/a", 11)),
                m.onLive(new WatchEvent(EventType.NODE_DATA_CHANGED, "/r/a", 11)));
        m.reconnected();
        assertEquals(List.of(), m.onLive(new WatchEvent(EventType.NODE_DATA_CHANGED, "/r/a", 14)));
        List<Change> out = catchUp(m, stat(1, 1, 0, 2, 2, 3), List.of("a", "b"),
                stat(2, 14, 2, 0, 0, 2), stat(3, 12, 2, 0, 0, 3), 14);
        assertEquals(List.of(ev(EventType.NODE_DATA_CHANGED, "/r/b", 12), ev(EventType.NODE_DATA_CHANGED, "/r/a", 14)),
                out);
    }

    @Test
    void collapsedDataChangesAreNamedInAResync() {
        ChangeModel m = built();
        m.reconnected();
        List<Change> out = catchUp(m, stat(1, 1, 0, 2, 2, 3), List.of("a", "b"),
                stat(2, 13, 2, 0, 0, 2), stat(3, 5, 1, 0, 0, 3), 13);
        assertEquals(List.of(new Change.Resync(10, List.of("/r/a"))), out);
    }

    @Test
    void aLoneDeleteIsDatedByItsParentsPzxidAndACreateByItsCzxid() {
        ChangeModel m = built();
        m.reconnected();
        int g = m.generation();
        m.onRead(g, R, stat(1, 1, 0, 3, 1, 12), List.of("a"), 12);
        m.onRead(g, "/r/a", stat(2, 2, 0, 0, 0, 2), List.of(), 12);
        // Dated exactly, and named: what the gap did to /r/b before deleting it cannot be read.
        assertEquals(List.of(new Change.Resync(10, List.of("/r/b")), ev(EventType.NODE_DELETED, "/r/b", 12)),
                m.finish());

        m.reconnected();
        g = m.generation();
        assertEquals(List.of("/r/a", "/r/c"), m.onRead(g, R, stat(1, 1, 0, 4, 2, 13), List.of("a", "c"), 13));
        m.onRead(g, "/r/a", stat(2, 2, 0, 0, 0, 2), List.of(), 13);
        m.onRead(g, "/r/c", stat(13, 13, 0, 0, 0, 13), List.of(), 13);
        assertEquals(List.of(ev(EventType.NODE_CREATED, "/r/c", 13)), m.finish());
    }

    @Test
    void aChildBornAndGoneInTheGapIsNamedInAResync() {
        ChangeModel m = built();
        m.reconnected();
        List<Change> out = catchUp(m, stat(1, 1, 0, 4, 2, 12), List.of("a", "b"),
                stat(2, 2, 0, 0, 0, 2), stat(3, 5, 1, 0, 0, 3), 12);
        assertEquals(List.of(new Change.Resync(10, List.of(R))), out);
    }

    @Test
    void liveChangesHeldBeyondTheLimitEndTheStream() {
        ChangeModel m = built();
        m.reconnected();
        for (int i = 0; i < 8; i++) {
            m.onLive(new WatchEvent(EventType.NODE_DATA_CHANGED, "/r/a", 11 + i));
        }
        assertThrows(SlowSubscriberException.class,
                () -> m.onLive(new WatchEvent(EventType.NODE_DATA_CHANGED, "/r/a", 20)));
    }

    @Test
    void aSecondReconnectMidCatchUpKeepsZxidOrderAndIgnoresStaleReplies() {
        ChangeModel m = built();
        m.reconnected();
        int first = m.generation();
        m.onLive(new WatchEvent(EventType.NODE_DATA_CHANGED, "/r/a", 12));
        m.reconnected(); // cut again before any reply
        m.onRead(first, R, stat(1, 1, 0, 2, 2, 3), List.of("a", "b"), 12); // stale: ignored
        List<Change> out = catchUp(m, stat(1, 1, 0, 2, 2, 3), List.of("a", "b"),
                stat(2, 12, 1, 0, 0, 2), stat(3, 15, 2, 0, 0, 3), 15);
        assertEquals(List.of(ev(EventType.NODE_DATA_CHANGED, "/r/a", 12), ev(EventType.NODE_DATA_CHANGED, "/r/b", 15)),
                out);
    }
}
