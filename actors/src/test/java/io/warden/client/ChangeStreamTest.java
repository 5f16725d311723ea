package io.warden.client;

import static io.warden.client.Clients.await;
import static io.warden.client.Clients.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.client.Change;
import io.warden.api.client.SlowSubscriberException;
import io.warden.api.client.WardenClient;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EventType;
import io.warden.api.data.Paths;
import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.ServerUnderTest;
import io.warden.compat.harness.Target;
import io.warden.compat.harness.TcpProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The resumable change stream: the changes a client sees across a cut connection and a server
 * restart are exactly the changes a writer made (checked against the zxids the writer read
 * back), and what the catch-up cannot prove is named in a Resync instead of guessed.
 */
class ChangeStreamTest {
    @RegisterExtension
    static final Compat compat = new Compat(ServerSettings.defaults());

    @CompatTest
    void aCutConnectionLeavesNoGapAndNoDuplicate(Target target) throws Exception {
        TcpProxy proxy = compat.register(new TcpProxy(compat.server(target).port()));
        WardenClient watcher = Clients.connect(compat, proxy.connectString());
        Writer w = new Writer(Clients.connect(compat, compat.server(target).connectString()));
        String p = compat.uniquePath();
        w.create(p);
        w.create(p + "/a");
        w.create(p + "/b");
        w.create(p + "/x");
        w.create(p + "/x/y");
        Recorder<Change> changes = subscribe(watcher, p, w);
        w.setData(p + "/a");
        w.create(p + "/c");
        proxy.cut();
        // The gap: one change per node, each of which the catch-up can date exactly.
        w.setData(p + "/b");
        w.create(p + "/new");
        w.create(p + "/new/kid");
        w.setData(p + "/x/y");
        proxy.heal();
        // The catch-up is over once the gap's last change comes through (live ones are held until
        // then); a delete during the catch-up of a node it has not read yet would rightly be a Resync.
        List<Change> got = new ArrayList<>();
        while (got.size() < w.expected.size()) {
            got.add(changes.next());
        }
        w.setData(p + "/a");
        w.delete(p + "/c");
        w.create(p + "/end");
        got.addAll(until(changes, p + "/end"));
        assertEquals(w.expected, got);
    }

    @CompatTest
    void whatTheCatchUpCannotProveIsNamedInAResync(Target target) throws Exception {
        TcpProxy proxy = compat.register(new TcpProxy(compat.server(target).port()));
        WardenClient watcher = Clients.connect(compat, proxy.connectString());
        Writer w = new Writer(Clients.connect(compat, compat.server(target).connectString()));
        String p = compat.uniquePath();
        w.create(p);
        w.create(p + "/a");
        w.create(p + "/b");
        w.create(p + "/c");
        w.create(p + "/c/d");
        Recorder<Change> changes = subscribe(watcher, p, w);
        proxy.cut();
        w.setData(p + "/a");
        w.setData(p + "/a"); // two changes collapse into one Stat
        w.delete(p + "/b");
        w.create(p + "/b2"); // a delete among other child changes: its zxid is lost
        w.delete(p + "/c/d"); // dated by its parent's pzxid, but what came before it is gone
        proxy.heal();
        await(watcher.sync("/"));
        w.create(p + "/end");

        List<Change> got = until(changes, p + "/end");
        Change.Resync resync = assertInstanceOf(Change.Resync.class, got.get(0), got.toString());
        assertEquals(List.of(p + "/a", p + "/b", p + "/c/d"), resync.paths());
        assertTrue(resync.afterZxid() < w.expected.get(0).zxid());
        // Everything else is exact: b2's creation, d's deletion, the live change; nothing invented.
        assertEquals(List.of(w.expected.get(3), w.expected.get(4), w.expected.get(5)), got.subList(1, got.size()));
    }

    @CompatTest
    void aServerRestartWithWritesInTheGapLeavesNoGapAndNoDuplicate(Target target) throws Exception {
        ServerUnderTest server = compat.freshServer(target);
        TcpProxy proxy = compat.register(new TcpProxy(server.port()));
        WardenClient watcher = Clients.connect(compat, proxy.connectString());
        Writer w = new Writer(Clients.connect(compat, server.connectString()));
        String p = "/stream";
        w.create(p);
        w.create(p + "/a");
        Recorder<Change> changes = subscribe(watcher, p, w);
        w.create(p + "/before");
        proxy.cut();
        server.restart();
        w.setData(p + "/a"); // waits for the writer's reconnect, lands in the watcher's gap
        w.create(p + "/during");
        proxy.heal();
        await(watcher.sync("/"));
        w.create(p + "/end");

        assertEquals(w.expected, until(changes, p + "/end"));
    }

    @CompatTest
    void aSlowSubscriberIsEndedAtItsBufferAndResumesExactlyFromItsLastZxid(Target target) throws Exception {
        int buffer = 16;
        WardenClient watcher = Clients.connect(compat, compat.server(target).connectString(),
                b -> b.streamBufferSize(buffer));
        Writer w = new Writer(Clients.connect(compat, compat.server(target).connectString()));
        String p = compat.uniquePath();
        w.create(p);
        w.expected.clear();
        Recorder<Change> slow = new Recorder<>(3); // processes three changes, then stops asking
        watcher.changes(p).subscribe(slow);
        await(watcher.sync("/"));
        for (int i = 0; i < 100; i++) {
            w.create(p + "/n" + i);
        }
        ExecutionException ended = assertThrows(ExecutionException.class,
                () -> slow.done.get(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(SlowSubscriberException.class, ended.getCause());
        assertEquals(3, slow.received(), "what it asked for, then the error: at most 16 were ever held for it");
        List<Change> processed = List.of(slow.next(), slow.next(), slow.next());
        assertEquals(w.expected.subList(0, 3), processed);

        Recorder<Change> resumed = Recorder.unbounded();
        watcher.changes(p, processed.get(2).zxid()).subscribe(resumed);
        w.create(p + "/end");
        assertEquals(w.expected.subList(3, w.expected.size()), until(resumed, p + "/end"),
                "resumed after the last zxid processed: the rest, exactly once, in order");
    }

    /**
     * A change stream of {@code p} whose first catch-up is over: a change made after subscribing
     * has come through (the stream holds live changes while it reads the subtree).
     */
    private static Recorder<Change> subscribe(WardenClient watcher, String p, Writer w) throws InterruptedException {
        Recorder<Change> changes = Recorder.unbounded();
        watcher.changes(p).subscribe(changes);
        await(watcher.sync("/")); // the stream's watch is registered: changes from here on are its
        w.setData(p);
        assertEquals(w.expected.get(w.expected.size() - 1), changes.next());
        w.expected.clear();
        return changes;
    }

    /** Changes up to and including the creation of {@code last}. */
    private static List<Change> until(Recorder<Change> r, String last) throws InterruptedException {
        List<Change> got = new ArrayList<>();
        while (true) {
            Change c = r.next();
            got.add(c);
            if (c instanceof Change.Event e && e.type() == EventType.NODE_CREATED && e.path().equals(last)) {
                return got;
            }
        }
    }

    /** A single writer that records every change it makes with the zxid it reads back. */
    private static final class Writer {
        final WardenClient c;
        final List<Change> expected = new ArrayList<>();

        Writer(WardenClient c) {
            this.c = c;
        }

        void create(String path) {
            await(c.create(path, null, CreateMode.PERSISTENT));
            expected.add(new Change.Event(EventType.NODE_CREATED, path, await(c.exists(path)).orElseThrow().czxid()));
        }

        void setData(String path) {
            long zxid = await(c.setData(path, bytes("v" + expected.size()), -1)).mzxid();
            expected.add(new Change.Event(EventType.NODE_DATA_CHANGED, path, zxid));
        }

        void delete(String path) {
            await(c.delete(path, -1));
            long zxid = await(c.exists(Paths.parent(path))).orElseThrow().pzxid();
            expected.add(new Change.Event(EventType.NODE_DELETED, path, zxid));
        }
    }
}
