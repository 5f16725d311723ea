package io.warden.api.client;

import io.warden.api.data.Acl;
import io.warden.api.data.AddWatchMode;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.KeeperException;
import io.warden.api.data.Paths;
import io.warden.api.data.Stat;
import io.warden.api.data.WatcherType;
import io.warden.api.wire.ClientRequest;
import io.warden.api.wire.Frames;
import io.warden.api.wire.Reply;
import io.warden.api.wire.Request;
import io.warden.api.wire.Response;
import io.warden.api.wire.WireCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A ZooKeeper-protocol client: every operation returns a {@link CompletionStage}, watches and the
 * session's state are {@link Flow.Publisher}s with backpressure. Works against Apache ZooKeeper
 * and Warden. Thread-safe; create one per application and {@link #close()} it.
 *
 * <pre>{@code
 * try (WardenClient client = WardenClient.builder("10.0.0.1:2181,10.0.0.2:2181/app").build()) {
 *     client.create("/config", "v1".getBytes(), CreateMode.PERSISTENT).toCompletableFuture().join();
 *     NodeData d = client.getData("/config").toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <p>Failures: a stage fails with {@link KeeperException} (its {@link Code} says what went wrong;
 * CONNECTION_LOSS when the connection broke with the request in flight: it may or may not have
 * been applied), or {@link ClientClosedException}. Invalid paths and data over
 * {@code jute.maxbuffer} throw {@link IllegalArgumentException} at the call.
 */
public final class WardenClient implements AutoCloseable {

    /** Client settings; see {@link Builder}. */
    public record Settings(int sessionTimeoutMs, int maxFrameBytes, int maxQueuedRequests, int streamBufferSize,
                           int deliveryQueueLimit) {}

    public static Builder builder(String connectString) {
        return new Builder(connectString);
    }

    public static final class Builder {
        private final ConnectString connectString;
        private int sessionTimeoutMs = 30_000;
        private int maxFrameBytes = Frames.DEFAULT_MAX_PAYLOAD_BYTES;
        private int maxQueuedRequests = 10_000;
        private int streamBufferSize = 1_024;
        private int deliveryQueueLimit = 10_000;
        private final List<Request.Auth> auths = new java.util.ArrayList<>();

        private Builder(String connectString) {
            this.connectString = ConnectString.parse(connectString);
        }

        /** Requested session timeout; the server clamps it (see {@link #negotiatedTimeoutMs()}). */
        public Builder sessionTimeout(Duration timeout) {
            this.sessionTimeoutMs = Math.toIntExact(timeout.toMillis());
            return this;
        }

        /** The servers' {@code jute.maxbuffer}: larger requests are refused at the call. */
        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        /** How many requests may wait for a connection; beyond it they fail with CONNECTION_LOSS. */
        public Builder maxQueuedRequests(int n) {
            this.maxQueuedRequests = n;
            return this;
        }

        /** Items a stream subscriber may fall behind before it gets {@link SlowSubscriberException}. */
        public Builder streamBufferSize(int n) {
            this.streamBufferSize = n;
            return this;
        }

        /** A digest identity ({@code user:password}), sent on every connection of the session. */
        public Builder digestAuth(String userColonPassword) {
            auths.add(new Request.Auth("digest", userColonPassword.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        /** Starts connecting; operations issued before the first connection wait for it (bounded). */
        public WardenClient build() {
            return new WardenClient(this);
        }
    }

    private final ConnectString connectString;
    private final Settings settings;
    private final Delivery delivery;
    private final WatchRegistry watches = new WatchRegistry();
    private final Broadcast<SessionState> states;
    private final Session session;
    private final ScheduledExecutorService pinger;
    private final CompletableFuture<Void> firstConnected = new CompletableFuture<>();

    private WardenClient(Builder b) {
        this.connectString = b.connectString;
        this.settings = new Settings(b.sessionTimeoutMs, b.maxFrameBytes, b.maxQueuedRequests, b.streamBufferSize,
                b.deliveryQueueLimit);
        this.delivery = new Delivery("warden-client-delivery", settings.deliveryQueueLimit());
        this.states = new Broadcast<>(delivery, settings.streamBufferSize(), s -> s.offer(state()), () -> {});
        this.session = new Session(settings, connectString, delivery, watches, states);
        for (Request.Auth auth : b.auths) {
            session.addAuth(auth, () -> {});
        }
        states.subscribe(new FirstConnected(firstConnected));
        Thread io = new Thread(session, "warden-client-io");
        io.setDaemon(true);
        io.start();
        ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "warden-client-ping");
            t.setDaemon(true);
            return t;
        });
        p.setRemoveOnCancelPolicy(true);
        this.pinger = p;
        long periodMs = Math.max(10, settings.sessionTimeoutMs() / 10);
        pinger.scheduleWithFixedDelay(this::ping, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private void ping() {
        try {
            session.pingIfIdle();
        } catch (RuntimeException e) {
            // a failed ping is a broken connection; the reader notices and reconnects
        }
    }

    // ---- session

    /** Completes when the client first connects; fails if the session ends first. */
    public CompletionStage<Void> connected() {
        return firstConnected;
    }

    public SessionState state() {
        return session.state();
    }

    public long sessionId() {
        return session.sessionId();
    }

    public byte[] sessionPassword() {
        return session.password();
    }

    public int negotiatedTimeoutMs() {
        return session.negotiatedTimeoutMs();
    }

    /** The highest zxid this client has seen in any reply or event. */
    public long lastZxidSeen() {
        return session.lastZxidSeen();
    }

    /** The session's states: the current one first, then every change; completes when the session ends. */
    public Flow.Publisher<SessionState> sessionStates() {
        return states;
    }

    /** Adds a digest identity for the rest of the session (re-sent after every reconnect). */
    public CompletionStage<Void> addDigestAuth(String userColonPassword) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        session.addAuth(new Request.Auth("digest", userColonPassword.getBytes(StandardCharsets.UTF_8)),
                () -> f.complete(null));
        return f;
    }

    // ---- writes

    public CompletionStage<String> create(String path, byte[] data, CreateMode mode) {
        return create(path, data, Acl.OPEN_ACL_UNSAFE, mode);
    }

    /** Creates a node; returns its path (with the sequence suffix for a sequential mode). */
    public CompletionStage<String> create(String path, byte[] data, List<Acl> acl, CreateMode mode) {
        Paths.validate(path, mode.isSequential());
        if (mode.isTtl()) {
            throw new IllegalArgumentException("TTL modes need createWithTtl");
        }
        Request r = mode.isContainer()
                ? new Request.CreateContainer(server(path), data, acl, mode)
                : new Request.Create(server(path), data, acl, mode);
        return call(r, path, reply -> {
            Response resp = ok(reply, path);
            return resp instanceof Response.Create c ? client(c.path()) : client(((Response.Create2) resp).path());
        });
    }

    public CompletionStage<Void> delete(String path, int version) {
        Paths.validate(path);
        return call(new Request.Delete(server(path), version), path, reply -> {
            ok(reply, path);
            return null;
        });
    }

    public CompletionStage<Stat> setData(String path, byte[] data, int version) {
        Paths.validate(path);
        return call(new Request.SetData(server(path), data, version), path,
                reply -> ((Response.NodeStat) ok(reply, path)).stat());
    }

    /** Starts a transaction (ZooKeeper's multi): all of its ops or none. */
    public Transaction transaction() {
        return new Transaction(this);
    }

    /** Starts a batch of independent reads in one round trip (ZooKeeper's multiRead). */
    public ReadBatch readBatch() {
        return new ReadBatch(this);
    }

    // ---- reads

    public CompletionStage<Optional<Stat>> exists(String path) {
        Paths.validate(path);
        return call(new Request.Exists(server(path), false), path, reply -> {
            if (reply.header().err() == Code.NO_NODE) {
                return Optional.empty();
            }
            return Optional.of(((Response.NodeStat) ok(reply, path)).stat());
        });
    }

    public CompletionStage<NodeData> getData(String path) {
        return getData(path, ReadConsistency.LOCAL);
    }

    /** A read at the given consistency; LINEARIZABLE pipelines a sync before it (one round trip). */
    public CompletionStage<NodeData> getData(String path, ReadConsistency consistency) {
        Paths.validate(path);
        syncFirst(path, consistency);
        return call(new Request.GetData(server(path), false), path, reply -> nodeData(ok(reply, path)));
    }

    public CompletionStage<List<String>> getChildren(String path) {
        return getChildren(path, ReadConsistency.LOCAL);
    }

    public CompletionStage<List<String>> getChildren(String path, ReadConsistency consistency) {
        Paths.validate(path);
        syncFirst(path, consistency);
        return call(new Request.GetChildren(server(path), false), path,
                reply -> ((Response.GetChildren) ok(reply, path)).children());
    }

    /** Makes the server this client is on catch up with the leader, for {@code path}. */
    public CompletionStage<Void> sync(String path) {
        Paths.validate(path);
        return call(new Request.Sync(server(path)), path, reply -> {
            ok(reply, path);
            return null;
        });
    }

    // ---- one-shot watches

    /** Reads a node and watches it: the change stage completes on its next change or deletion. */
    public CompletionStage<Watched<NodeData>> watchData(String path) {
        Paths.validate(path);
        String serverPath = server(path);
        return call(new Request.GetData(serverPath, true), path, reply -> {
            NodeData d = nodeData(ok(reply, path));
            CompletableFuture<WatchEvent> change = new CompletableFuture<>();
            watches.addData(serverPath, change);
            return new Watched<>(d, change);
        });
    }

    /** Whether a node exists, watching for its creation, change or deletion. */
    public CompletionStage<Watched<Optional<Stat>>> watchExists(String path) {
        Paths.validate(path);
        String serverPath = server(path);
        return call(new Request.Exists(serverPath, true), path, reply -> {
            CompletableFuture<WatchEvent> change = new CompletableFuture<>();
            if (reply.header().err() == Code.NO_NODE) {
                watches.addExist(serverPath, change);
                return new Watched<>(Optional.<Stat>empty(), change);
            }
            Stat stat = ((Response.NodeStat) ok(reply, path)).stat();
            watches.addData(serverPath, change);
            return new Watched<>(Optional.of(stat), change);
        });
    }

    /** A node's children, watching for the next child created or deleted (or the node's deletion). */
    public CompletionStage<Watched<List<String>>> watchChildren(String path) {
        Paths.validate(path);
        String serverPath = server(path);
        return call(new Request.GetChildren(serverPath, true), path, reply -> {
            List<String> children = ((Response.GetChildren) ok(reply, path)).children();
            CompletableFuture<WatchEvent> change = new CompletableFuture<>();
            watches.addChild(serverPath, change);
            return new Watched<>(children, change);
        });
    }

    // ---- streams

    /**
     * Every event of a persistent watch on {@code path} (recursive: the whole subtree, without
     * children-changed events), as ZooKeeper's addWatch. The watch is registered when the first
     * subscriber subscribes and removed when the last one leaves; it survives reconnects. A
     * subscriber more than {@code streamBufferSize} events behind gets {@link SlowSubscriberException}.
     */
    public Flow.Publisher<WatchEvent> watch(String path, boolean recursive) {
        return watch(path, recursive, zxid -> {});
    }

    /**
     * Every change under {@code path} from now on: creates, data changes and deletes of the node
     * and its descendants, each exactly once and in zxid order, across reconnects and failover to
     * another server. See {@link #changes(String, long)} for the guarantee and its limits.
     */
    public Flow.Publisher<Change> changes(String path) {
        Paths.validate(path);
        return ChangeFeed.publisher(this, delivery, path, -1, settings.streamBufferSize());
    }

    /**
     * The change stream of {@code path} resumed after {@code afterZxid} (e.g. the zxid of the last
     * change a previous run processed). A persistent recursive watch delivers live changes; after
     * a reconnect, and at the start of a resumed stream, the client reads the subtree again
     * (getChildren2, one request per node) and reconstructs what the watch missed by counting
     * versions against its model of the subtree (which it keeps: a few dozen bytes per node).
     * <ul>
     * <li>Every change it delivers is a real change with its real zxid, in zxid order, once.
     * <li>Every change is delivered unless the stream emits a {@link Change.Resync} naming the
     *     paths whose changes in the gap it could not prove (several data changes collapsed into
     *     one, a deleted node among other child changes, a node created and deleted in the gap,
     *     a node that existed before a resumed stream's zxid and changed since). It never guesses.
     * <li>A subscriber more than {@code streamBufferSize} changes behind gets
     *     {@link SlowSubscriberException} (as do live changes piling up during a catch-up); it can
     *     resubscribe after the last zxid it processed.
     * </ul>
     * Not detected: the stream's own root node deleted and created again within one gap.
     */
    public Flow.Publisher<Change> changes(String path, long afterZxid) {
        Paths.validate(path);
        if (afterZxid < 0) {
            throw new IllegalArgumentException("afterZxid must be >= 0: " + afterZxid);
        }
        return ChangeFeed.publisher(this, delivery, path, afterZxid, settings.streamBufferSize());
    }

    /** A catch-up read: children and Stat in one answer, with the reply's zxid. */
    CompletionStage<ChangeFeed.NodeRead> readNode(String path) {
        return call(new Request.GetChildren2(server(path), false), path, reply -> {
            long zxid = reply.header().zxid();
            if (reply.header().err() == Code.NO_NODE) {
                return new ChangeFeed.NodeRead(null, List.of(), zxid);
            }
            Response.GetChildren2 g = (Response.GetChildren2) ok(reply, path);
            return new ChangeFeed.NodeRead(g.stat(), g.children(), zxid);
        });
    }

    Flow.Publisher<WatchEvent> watch(String path, boolean recursive, java.util.function.LongConsumer registeredAt) {
        Paths.validate(path);
        String serverPath = server(path);
        AddWatchMode mode = recursive ? AddWatchMode.PERSISTENT_RECURSIVE : AddWatchMode.PERSISTENT;
        WatcherType type = recursive ? WatcherType.PERSISTENT_RECURSIVE : WatcherType.PERSISTENT;
        Broadcast<WatchEvent>[] self = new Broadcast[1];
        self[0] = new Broadcast<>(delivery, settings.streamBufferSize(),
                sub -> {
                    // Every subscriber sends its own addWatch (idempotent on the server), so the
                    // stage it waits on covers its own registration.
                    watches.addPersistent(serverPath, recursive, self[0]);
                    call(new Request.AddWatch(serverPath, mode), path, reply -> {
                        ok(reply, path);
                        return reply.header().zxid();
                    }).whenComplete((zxid, e) -> {
                        if (e != null) {
                            sub.fail(e);
                        } else {
                            registeredAt.accept((Long) zxid);
                        }
                    });
                },
                () -> {
                    if (watches.removePersistent(serverPath, recursive, self[0]) && !state().isTerminal()) {
                        call(new Request.RemoveWatches(serverPath, type), path, reply -> null);
                    }
                });
        return self[0];
    }

    /** Closes the session (its ephemerals go at once) and the client; waits at most a few seconds. */
    @Override
    public void close() {
        if (state().isTerminal()) {
            return;
        }
        CountDownLatch answered = new CountDownLatch(1);
        if (session.current() != null) {
            call(Request.CloseSession.INSTANCE, null, reply -> {
                answered.countDown();
                return null;
            });
            try {
                answered.await(Math.min(settings.sessionTimeoutMs(), 5_000), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        session.terminate(SessionState.CLOSED, new ClientClosedException("the client was closed"));
        pinger.shutdownNow();
        delivery.stopWhenDrained();
    }

    // ---- plumbing

    @SuppressWarnings("unchecked")
    <T> CompletionStage<T> call(Request request, String clientPath, Pending.Handler handler) {
        ByteBuffer frame = WireCodec.encodeRequest(new ClientRequest(0, request));
        int payload = frame.limit() - Frames.LENGTH_PREFIX_BYTES;
        if (payload > settings.maxFrameBytes()) {
            throw new IllegalArgumentException(request.operation() + " request of " + payload
                    + " bytes exceeds jute.maxbuffer=" + settings.maxFrameBytes() + " (data too large)");
        }
        Pending p = new Pending(request, frame, clientPath, handler);
        if (state().isTerminal()) {
            p.future.completeExceptionally(state() == SessionState.CLOSED
                    ? new ClientClosedException("the client is closed")
                    : new KeeperException(state() == SessionState.EXPIRED ? Code.SESSION_EXPIRED : Code.AUTH_FAILED,
                            clientPath));
        } else {
            session.submit(p);
        }
        return (CompletionStage<T>) p.future.minimalCompletionStage();
    }

    private void syncFirst(String path, ReadConsistency consistency) {
        if (consistency == ReadConsistency.LINEARIZABLE) {
            // Pipelined: the server answers a session's requests in order, so the read that follows
            // is served after the sync has brought this server up to the leader's commit point.
            sync(path);
        }
    }

    String server(String clientPath) {
        return connectString.toServer(clientPath);
    }

    String client(String serverPath) {
        return connectString.toClient(serverPath);
    }

    static Response ok(Reply reply, String path) throws KeeperException {
        if (reply.header().err() != Code.OK) {
            throw new KeeperException(reply.header().err(), path);
        }
        return reply.response();
    }

    private static NodeData nodeData(Response r) {
        Response.GetData g = (Response.GetData) r;
        return new NodeData(g.data(), g.stat());
    }

    private static final class FirstConnected implements Flow.Subscriber<SessionState> {
        private final CompletableFuture<Void> f;
        FirstConnected(CompletableFuture<Void> f) { this.f = f; }
        @Override public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
        @Override public void onNext(SessionState s) {
            if (s == SessionState.CONNECTED) {
                f.complete(null);
            } else if (s.isTerminal()) {
                f.completeExceptionally(new IllegalStateException("session ended before connecting: " + s));
            }
        }
        @Override public void onError(Throwable t) { f.completeExceptionally(t); }
        @Override public void onComplete() {
            f.completeExceptionally(new ClientClosedException("session ended before connecting"));
        }
    }
}
