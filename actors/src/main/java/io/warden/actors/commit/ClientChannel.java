package io.warden.actors.commit;

import io.warden.api.data.Acl;
import io.warden.api.data.EventType;
import java.util.List;

/**
 * The outbound side of one client connection, as the commit stage sees it: somewhere to put a
 * watch event. Implementations are thread-safe and never block; an event they cannot queue
 * closes the connection (the client re-registers its watches when it reconnects).
 */
public interface ClientChannel {

    /** A number unique among this server's connections, for logs and four-letter words. */
    long channelId();

    /** The zxid of an event no single txn caused (fired at registration), as ZooKeeper sends it. */
    long NO_ZXID = -1;

    /**
     * Queues a watch event for the client, after everything already queued on this channel.
     *
     * @param zxid the txn that caused it (ZooKeeper 3.9 clients see it), or {@link #NO_ZXID}
     */
    void sendWatchEvent(String path, EventType type, long zxid);

    /**
     * Whether the session on this channel, with the identities it holds now, may READ a node with
     * this ACL. A watch event is sent only then: ZooKeeper checks READ on the changed znode for
     * the watching connection before delivering any event, so a session never learns through a
     * watch of a node it may not read (CVE-2024-23944).
     */
    boolean mayRead(List<Acl> acl);
}
