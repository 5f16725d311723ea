package io.warden.api.client;

import io.warden.api.data.Code;
import io.warden.api.data.KeeperException;
import io.warden.api.wire.ClientRequest;
import io.warden.api.wire.ConnectRequest;
import io.warden.api.wire.ConnectResponse;
import io.warden.api.wire.Reply;
import io.warden.api.wire.Request;
import io.warden.api.wire.WatcherEvent;
import io.warden.api.wire.WireCodec;
import io.warden.api.wire.WireFormatException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session engine: one I/O thread that finds a server, does the handshake (resuming the
 * session with its id and password, and sending the last zxid seen so that a server behind it
 * refuses), re-sends auth and watches, flushes the requests that waited, then reads frames until
 * the connection breaks, and starts over with the next server. Pings go every third of the
 * negotiated timeout; a connection silent for two thirds of it is dropped.
 */
final class Session implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final int PROTOCOL_VERSION = 0;

    private final WardenClient.Settings settings;
    private final ConnectString connectString;
    private final Delivery delivery;
    private final WatchRegistry watches;
    private final Broadcast<SessionState> states;
    private final AtomicLong lastZxidSeen = new AtomicLong();
    private final AtomicInteger xids = new AtomicInteger(1);
    private final Object lock = new Object();
    // guarded by lock
    private final ArrayDeque<Pending> queued = new ArrayDeque<>();
    private final List<Request.Auth> auths = new ArrayList<>();
    private final ArrayDeque<Runnable> authAcks = new ArrayDeque<>();
    private Connection current;
    private SessionState state = SessionState.CONNECTING;
    private Throwable terminalCause;
    private long sessionId;
    private byte[] password = new byte[16];
    private int negotiatedTimeoutMs;

    Session(WardenClient.Settings settings, ConnectString connectString, Delivery delivery, WatchRegistry watches,
            Broadcast<SessionState> states) {
        this.settings = settings;
        this.connectString = connectString;
        this.delivery = delivery;
        this.watches = watches;
        this.states = states;
    }

    long sessionId() { synchronized (lock) { return sessionId; } }
    byte[] password() { synchronized (lock) { return password.clone(); } }
    int negotiatedTimeoutMs() { synchronized (lock) { return negotiatedTimeoutMs; } }
    long lastZxidSeen() { return lastZxidSeen.get(); }
    SessionState state() { synchronized (lock) { return state; } }

    /** Sends now when connected, else queues (bounded) until the next connection. */
    void submit(Pending p) {
        Connection c;
        synchronized (lock) {
            if (state.isTerminal()) {
                p.future.completeExceptionally(terminalCause);
                return;
            }
            c = current;
            if (c == null) {
                if (queued.size() >= settings.maxQueuedRequests()) {
                    p.future.completeExceptionally(Connection.connectionLoss(p));
                } else {
                    queued.add(p);
                }
                return;
            }
        }
        if (!c.send(p, xids.getAndIncrement())) {
            p.future.completeExceptionally(Connection.connectionLoss(p));
        }
    }

    void addAuth(Request.Auth auth, Runnable ack) {
        Connection c;
        synchronized (lock) {
            auths.add(auth);
            authAcks.add(ack);
            c = current;
        }
        if (c != null) {
            c.sendUntracked(WireCodec.encodeRequest(new ClientRequest(ClientRequest.AUTH_XID, auth)));
        }
    }

    /** Sends a ping when the connection has been quiet for a third of the timeout. */
    void pingIfIdle() {
        Connection c;
        int timeout;
        synchronized (lock) {
            c = current;
            timeout = negotiatedTimeoutMs;
        }
        if (c != null && System.nanoTime() - c.lastSendNanos >= timeout / 3 * 1_000_000L - 5_000_000L) {
            c.sendUntracked(Connection.ping());
        }
    }

    @Override
    public void run() {
        List<InetSocketAddress> servers = connectString.servers();
        int next = ThreadLocalRandom.current().nextInt(servers.size());
        int failures = 0;
        while (!state().isTerminal()) {
            InetSocketAddress server = servers.get(next++ % servers.size());
            Connection c = null;
            try {
                c = open(server);
                if (c != null) {
                    failures = 0;
                    readLoop(c);
                }
            } catch (IOException | WireFormatException | KeeperException e) {
                log.debug("connection to {} ended: {}", server, e.toString());
            } finally {
                if (c != null) {
                    lost(c);
                }
            }
            if (++failures % servers.size() == 0) {
                backoff(failures / servers.size());
            }
        }
    }

    private Connection open(InetSocketAddress unresolved) throws IOException, KeeperException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            int connectTimeoutMs = Math.max(1_000, settings.sessionTimeoutMs() / connectString.servers().size());
            socket.connect(new InetSocketAddress(unresolved.getHostString(), unresolved.getPort()), connectTimeoutMs);
            socket.setSoTimeout(connectTimeoutMs);
            Connection c = new Connection(socket, settings.maxFrameBytes());
            long sid;
            byte[] pw;
            synchronized (lock) {
                sid = sessionId;
                pw = password;
            }
            c.sendUntracked(WireCodec.encodeConnectRequest(new ConnectRequest(PROTOCOL_VERSION, lastZxidSeen.get(),
                    settings.sessionTimeoutMs(), sid, pw, false)));
            ConnectResponse response = WireCodec.decodeConnectResponse(c.readFrame());
            if (response.sessionTimeoutMs() <= 0) {
                terminate(SessionState.EXPIRED, new KeeperException(Code.SESSION_EXPIRED, null));
                c.close();
                return null;
            }
            c.setReadTimeoutMs(response.sessionTimeoutMs() * 2 / 3);
            establish(c, response);
            return c;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** After the handshake: auth, watches, then the queued requests, then the connection is open to all. */
    private void establish(Connection c, ConnectResponse response) {
        synchronized (lock) {
            if (state.isTerminal()) {
                c.close();
                return;
            }
            sessionId = response.sessionId();
            password = response.passwd();
            negotiatedTimeoutMs = response.sessionTimeoutMs();
            for (Request.Auth auth : auths) {
                c.sendUntracked(WireCodec.encodeRequest(new ClientRequest(ClientRequest.AUTH_XID, auth)));
            }
            Request.SetWatches2 setWatches = watches.setWatches(lastZxidSeen.get());
            if (setWatches != null) {
                c.sendUntracked(WireCodec.encodeRequest(new ClientRequest(ClientRequest.SET_WATCHES_XID, setWatches)));
            }
            while (!queued.isEmpty()) {
                c.send(queued.poll(), xids.getAndIncrement());
            }
            current = c;
            setState(SessionState.CONNECTED);
        }
        log.debug("session 0x{} connected, timeout {} ms", Long.toHexString(response.sessionId()),
                response.sessionTimeoutMs());
    }

    private void readLoop(Connection c) throws IOException, KeeperException {
        while (true) {
            ByteBuffer payload = c.readFrame();
            int xid = WireCodec.peekXid(payload);
            switch (xid) {
                case ClientRequest.NOTIFICATION_XID -> onEvent(WireCodec.decodeEvent(payload));
                case ClientRequest.PING_XID, ClientRequest.SET_WATCHES_XID -> { }
                case ClientRequest.AUTH_XID -> onAuthReply(WireCodec.decodeReply(payload, Request.Ping.INSTANCE));
                default -> onReply(c, xid, payload);
            }
        }
    }

    private void onReply(Connection c, int xid, ByteBuffer payload) {
        Pending p = c.nextSent();
        if (p == null || p.xid() != xid) {
            throw new WireFormatException("reply xid " + xid + " but the oldest request waiting is "
                    + (p == null ? "none" : p.xid() + " (" + p.request().operation() + ")"));
        }
        Reply reply = WireCodec.decodeReply(payload, p.request());
        seen(reply.header().zxid());
        Object result;
        try {
            result = p.handler().handle(reply);
        } catch (KeeperException | RuntimeException e) {
            delivery.execute(() -> p.future.completeExceptionally(e));
            return;
        }
        delivery.execute(() -> p.future.complete(result));
    }

    private void onEvent(WatcherEvent event) {
        seen(event.zxid());
        if (event.path() == null) {
            return;
        }
        WatchEvent clientEvent = new WatchEvent(event.type(), connectString.toClient(event.path()), event.zxid());
        for (Runnable r : watches.fire(event, clientEvent)) {
            delivery.execute(r);
        }
    }

    private void onAuthReply(Reply reply) {
        Runnable ack;
        synchronized (lock) {
            ack = authAcks.poll();
        }
        if (reply.header().err() == Code.AUTH_FAILED) {
            terminate(SessionState.AUTH_FAILED, new KeeperException(Code.AUTH_FAILED, null));
        } else if (ack != null) {
            delivery.execute(ack);
        }
    }

    private void seen(long zxid) {
        if (zxid > 0) {
            lastZxidSeen.accumulateAndGet(zxid, Math::max);
        }
    }

    private void lost(Connection c) {
        List<Pending> lost = c.close();
        synchronized (lock) {
            if (current == c) {
                current = null;
                if (!state.isTerminal()) {
                    setState(SessionState.DISCONNECTED);
                }
            }
        }
        Throwable cause = terminalCauseOrNull();
        for (Pending p : lost) {
            Throwable t = cause != null ? cause : Connection.connectionLoss(p);
            delivery.execute(() -> p.future.completeExceptionally(t));
        }
    }

    private Throwable terminalCauseOrNull() {
        synchronized (lock) {
            return terminalCause;
        }
    }

    /** Ends the session for good; every waiting request, watch and stream is failed with {@code cause}. */
    void terminate(SessionState terminal, Throwable cause) {
        List<Pending> waiting;
        Connection c;
        synchronized (lock) {
            if (state.isTerminal()) {
                return;
            }
            terminalCause = cause;
            setState(terminal);
            waiting = new ArrayList<>(queued);
            queued.clear();
            c = current;
            current = null;
            lock.notifyAll();
        }
        if (c != null) {
            waiting.addAll(c.close());
        }
        for (Pending p : waiting) {
            delivery.execute(() -> p.future.completeExceptionally(cause));
        }
        delivery.execute(() -> watches.endAll(cause, terminal == SessionState.CLOSED));
        delivery.execute(states::complete);
    }

    /** The connection requests go on now, or null. */
    Connection current() {
        synchronized (lock) {
            return current;
        }
    }

    private void setState(SessionState s) {
        state = s;
        states.publish(s);
    }

    private void backoff(int round) {
        long ms = Math.min(1_000, 10L << Math.min(round, 7)) + ThreadLocalRandom.current().nextInt(50);
        synchronized (lock) {
            if (!state.isTerminal()) {
                try {
                    lock.wait(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    terminate(SessionState.CLOSED, new ClientClosedException("client I/O thread interrupted"));
                }
            }
        }
    }
}
