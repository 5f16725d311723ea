package io.warden.client;

import static io.warden.client.Clients.await;
import static io.warden.client.Clients.bytes;
import static io.warden.client.Clients.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.client.SessionState;
import io.warden.api.client.SlowSubscriberException;
import io.warden.api.client.WardenClient;
import io.warden.api.client.WatchEvent;
import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EventType;
import io.warden.api.data.KeeperException;
import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.ServerUnderTest;
import io.warden.compat.harness.Target;
import io.warden.compat.harness.TcpProxy;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reconnects, session resumption, auth after reconnect, expiry, and the streams' backpressure. */
class SessionStreamsTest {
    @RegisterExtension
    static final Compat compat = new Compat(ServerSettings.defaults());

    @CompatTest
    void aCutConnectionResumesTheSameSessionWithItsEphemeralsWatchesAndAuth(Target target) throws Exception {
        TcpProxy proxy = compat.register(new TcpProxy(compat.server(target).port()));
        WardenClient c = Clients.connect(compat, proxy.connectString(), b -> b.digestAuth("alice:secret"));
        Recorder<SessionState> states = Recorder.unbounded();
        c.sessionStates().subscribe(states);
        assertEquals(SessionState.CONNECTED, states.next());
        long session = c.sessionId();
        String p = compat.uniquePath();
        await(c.create(p, bytes("mine"), Acl.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
        await(c.create(p + "-eph", null, CreateMode.EPHEMERAL));
        Recorder<WatchEvent> events = Recorder.unbounded();
        c.watch(p, true).subscribe(events);
        await(c.sync("/")); // the addWatch went before this and is answered first

        proxy.cut();
        assertEquals(SessionState.DISCONNECTED, states.next());
        var pending = c.getData(p); // waits for the next connection, then is sent
        proxy.heal();
        assertEquals(SessionState.CONNECTED, states.next());
        assertEquals(session, c.sessionId());
        assertArrayEquals(bytes("mine"), await(pending).data(), "the digest identity was sent again");
        assertTrue(await(c.exists(p + "-eph")).isPresent());
        WardenClient other = Clients.connect(compat, compat.server(target).connectString());
        assertEquals(Code.NO_AUTH, ((KeeperException) failure(other.getData(p))).code());
        await(c.create(p + "/child", null, CreateMode.PERSISTENT));
        WatchEvent e = events.next();
        assertEquals(EventType.NODE_CREATED, e.type(), "the persistent watch was re-registered: " + e);
        assertEquals(p + "/child", e.path());
    }

    @CompatTest
    void aServerRestartKeepsTheSessionAndTheWatchStream(Target target) throws Exception {
        ServerUnderTest server = compat.freshServer(target);
        WardenClient c = Clients.connect(compat, server.connectString());
        long session = c.sessionId();
        Recorder<WatchEvent> events = Recorder.unbounded();
        c.watch("/", true).subscribe(events);
        await(c.create("/before", null, CreateMode.PERSISTENT));
        assertEquals("/before", events.next().path());
        server.restart();
        await(c.create("/after", null, CreateMode.PERSISTENT)); // queued until the client is back
        assertEquals("/after", events.nextMatching(ev -> ev.type() == EventType.NODE_CREATED).path());
        assertEquals(session, c.sessionId());
    }

    @CompatTest
    void anExpiredSessionFailsEverythingWithSessionExpired(Target target) throws Exception {
        TcpProxy proxy = compat.register(new TcpProxy(compat.server(target).port()));
        WardenClient c = Clients.connect(compat, proxy.connectString());
        Recorder<SessionState> states = Recorder.unbounded();
        c.sessionStates().subscribe(states);
        assertEquals(SessionState.CONNECTED, states.next());
        var watched = await(c.watchExists(compat.uniquePath()));
        proxy.cut();
        assertEquals(SessionState.DISCONNECTED, states.next());
        Clients.endSession(compat, compat.server(target).connectString(), c);
        proxy.heal();
        assertEquals(SessionState.EXPIRED, states.next());
        assertEquals(Code.SESSION_EXPIRED, ((KeeperException) failure(c.getData("/"))).code());
        assertEquals(Code.SESSION_EXPIRED, ((KeeperException) failure(watched.change())).code());
        states.done.get(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @CompatTest
    void aSubscriberThatDoesNotRequestIsEndedAtItsBufferNotBufferedWithoutBound(Target target) throws Exception {
        WardenClient c = Clients.connect(compat, compat.server(target).connectString(), b -> b.streamBufferSize(16));
        String p = compat.uniquePath();
        await(c.create(p, null, CreateMode.PERSISTENT));
        Recorder<WatchEvent> slow = new Recorder<>(1); // takes one event, then never asks again
        Recorder<WatchEvent> fast = Recorder.unbounded();
        c.watch(p, false).subscribe(slow);
        c.watch(p, false).subscribe(fast);
        await(c.sync("/"));
        var writes = new java.util.ArrayList<java.util.concurrent.CompletionStage<?>>();
        for (int i = 0; i < 100; i++) {
            writes.add(c.setData(p, bytes("v" + i), -1));
        }
        writes.forEach(Clients::await);
        ExecutionException ended = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> slow.done.get(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(SlowSubscriberException.class, ended.getCause());
        assertEquals(1, slow.received(), "only what it asked for, then the error; never more than 16 held");
        for (int i = 0; i < 100; i++) {
            WatchEvent ev = fast.next();
            assertEquals(EventType.NODE_DATA_CHANGED, ev.type(), "a fast subscriber is unaffected; event " + i);
        }
        assertEquals(SessionState.CONNECTED, c.state());
    }

    @CompatTest
    void pekkoSourceAdapterStreamsWatchEvents(Target target) throws Exception {
        WardenClient c = Clients.connect(compat, compat.server(target).connectString());
        String p = compat.uniquePath();
        await(c.create(p, null, CreateMode.PERSISTENT));
        org.apache.pekko.actor.ActorSystem system = org.apache.pekko.actor.ActorSystem.create("client-test");
        try {
            var firstTwo = io.warden.api.client.PekkoStreams.watch(c, p, true).take(2)
                    .runWith(org.apache.pekko.stream.javadsl.Sink.seq(), system).toCompletableFuture();
            // The stream registers its watch when it materialises, on Pekko's threads: write until
            // two events have come, rather than guess when that was.
            for (int i = 0; !firstTwo.isDone() && i < 10_000; i++) {
                await(c.setData(p, bytes("v" + i), -1));
            }
            var got = await(firstTwo);
            assertEquals(EventType.NODE_DATA_CHANGED, got.get(0).type());
            assertEquals(p, got.get(1).path());
            assertTrue(got.get(0).zxid() < got.get(1).zxid(), "in zxid order: " + got);
        } finally {
            system.terminate();
            await(system.getWhenTerminated());
        }
    }

}
