package io.warden.actors.endpoint;

import io.warden.actors.commit.ClientChannel;
import io.warden.api.data.Acl;
import io.warden.api.data.EventType;
import io.warden.api.data.KeeperState;
import io.warden.api.wire.WatcherEvent;
import io.warden.api.wire.WireCodec;
import io.warden.actors.session.Session;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's outbound side: a bounded queue of encoded frames in front of the
 * socket. Safe to use from any actor; never blocks. The queue is bounded in frames and in
 * bytes; a client that stops reading until either bound is hit is disconnected (it reconnects
 * and re-registers its watches) instead of making the server buffer without limit.
 */
public final class Connection implements ClientChannel {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final long channelId = IDS.incrementAndGet();
    private final InetSocketAddress remote;
    private final OutboundQueue out;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ConnectionStats stats;
    private final ServerStats serverStats;
    /**
     * READ permission of the session on this connection, as its identities stand now; set by the
     * session when it starts and after each addAuth. Until then nothing may be read (no watch can
     * exist before the session does).
     */
    private volatile Predicate<List<Acl>> readPermission = acl -> false;

    Connection(InetSocketAddress remote, int maxQueuedFrames, long maxQueuedBytes, long establishedMs,
               ServerStats serverStats) {
        this.remote = remote;
        this.out = new OutboundQueue(maxQueuedFrames);
        this.maxQueuedBytes = maxQueuedBytes;
        this.stats = new ConnectionStats(establishedMs);
        this.serverStats = serverStats;
    }

    @Override
    public long channelId() {
        return channelId;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    public ConnectionStats stats() {
        return stats;
    }

    /**
     * Queues one encoded frame (length prefix included). False when the connection is gone. The
     * codec's encoders return a fresh heap buffer that nothing else holds, so it is wrapped, not
     * copied: this is the reply path every request takes.
     */
    public boolean send(ByteBuffer frame) {
        if (!frame.hasArray()) {
            return send(ByteString.fromByteBuffer(frame));
        }
        return send(ByteString.fromArrayUnsafe(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining()));
    }

    /** Queues raw bytes: a frame, or a four-letter word's text. */
    public boolean send(ByteString bytes) {
        if (closed.get()) {
            return false;
        }
        if (queuedBytes.addAndGet(bytes.size()) > maxQueuedBytes) {
            overflow("more than " + maxQueuedBytes + " bytes queued");
            return false;
        }
        OutboundQueue.Offered result = out.offer(bytes);
        if (result == OutboundQueue.Offered.ENQUEUED) {
            stats.sent();
            serverStats.packetSent();
            return true;
        }
        queuedBytes.addAndGet(-bytes.size());
        if (result == OutboundQueue.Offered.FULL) {
            overflow("outbound queue full");
        }
        return false;
    }

    /** The one stream stage between this connection's socket and its session. */
    ConnectionStage stage(ActorRef<Session.Command> session, int maxFrameBytes, long maxBatchWeight, int maxWriteBytes) {
        return new ConnectionStage(this, out, session, maxFrameBytes, maxBatchWeight, maxWriteBytes);
    }

    /** Called as the socket takes a queued item, to keep the byte count honest. */
    void dequeued(int bytes) {
        queuedBytes.addAndGet(-bytes);
    }

    @Override
    public void sendWatchEvent(String path, EventType type, long zxid) {
        send(WireCodec.encodeEvent(new WatcherEvent(type, KeeperState.SYNC_CONNECTED, path, zxid)));
    }

    @Override
    public boolean mayRead(List<Acl> acl) {
        return readPermission.test(acl);
    }

    /** The session's READ check, replaced whenever its identities change. */
    public void readPermission(Predicate<List<Acl>> permission) {
        this.readPermission = java.util.Objects.requireNonNull(permission, "permission");
    }

    /** Closes after everything already queued has been written. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            out.complete();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    private void overflow(String why) {
        if (closed.compareAndSet(false, true)) {
            log.warn("Closing connection {} from {}: client does not read its replies ({})", channelId, remote, why);
            out.fail(new IllegalStateException("slow client: " + why));
        }
    }

    @Override
    public String toString() {
        return "Connection[" + channelId + " " + remote + "]";
    }
}
