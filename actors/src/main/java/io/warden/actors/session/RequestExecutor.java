package io.warden.actors.session;

import io.warden.actors.commit.CommitStage;
import io.warden.actors.endpoint.Connection;
import io.warden.actors.request.RequestProcessor;
import io.warden.api.data.Code;
import io.warden.api.data.Perms;
import io.warden.api.wire.ClientInfo;
import io.warden.api.wire.ClientRequest;
import io.warden.api.wire.ReplyHeader;
import io.warden.api.wire.Request;
import io.warden.api.wire.Response;
import io.warden.api.wire.WireCodec;
import io.warden.persistence.prep.DigestAuth;
import io.warden.persistence.prep.SessionAuth;
import io.warden.persistence.tree.DataTree;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a session's requests and turns what comes back into encoded replies: reads against
 * the read view, writes to the request processor, watch and sync operations to the commit
 * stage. Holds the session's authentication, which auth packets extend.
 */
final class RequestExecutor {
    private static final Logger log = LoggerFactory.getLogger(RequestExecutor.class);

    private final SessionServices services;
    private final Connection connection;
    private final ActorRef<CommitStage.Outcome> outcomes;
    private SessionAuth auth;
    private Access access;
    private long sessionId;
    private long lastReplyZxid = Long.MIN_VALUE;

    RequestExecutor(SessionServices services, Connection connection, ActorRef<CommitStage.Outcome> outcomes, SessionAuth auth) {
        this.services = services;
        this.connection = connection;
        this.outcomes = outcomes;
        this.auth = auth;
        this.access = services.accessFor().apply(auth);
        publishReadPermission();
    }

    /** Watch events on this connection are filtered by READ with the session's current ids. */
    private void publishReadPermission() {
        Access current = access;
        connection.readPermission(acl -> current.allowsAny(acl, Perms.READ));
    }

    void sessionId(long id) {
        this.sessionId = id;
    }

    static RequestQueue.Kind kindOf(Request request) {
        return switch (request.operation()) {
            case EXISTS, GET_DATA, GET_CHILDREN, GET_CHILDREN2, GET_ACL, GET_ALL_CHILDREN_NUMBER, GET_EPHEMERALS,
                    MULTI_READ, WHO_AM_I, AUTH, SASL, RECONFIG, UNKNOWN, MALFORMED, PING -> RequestQueue.Kind.READ;
            case CREATE, CREATE2, CREATE_CONTAINER, CREATE_TTL, DELETE, SET_DATA, SET_ACL, CHECK, MULTI,
                    CLOSE_SESSION -> RequestQueue.Kind.WRITE;
            case SYNC, ADD_WATCH, REMOVE_WATCHES, CHECK_WATCHES, SET_WATCHES, SET_WATCHES2 -> RequestQueue.Kind.BARRIER;
        };
    }

    /** Starts one request; called by the queue in order when the ordering rule allows. */
    void start(Pending entry) {
        ClientRequest cr = entry.request();
        Request request = cr.request();
        int xid = cr.xid();
        switch (kindOf(request)) {
            case READ -> startLocal(entry, request, xid);
            case WRITE -> {
                if (request instanceof Request.CloseSession) {
                    entry.closesSessionWhenDone();
                }
                services.requests().tell(new RequestProcessor.Submit(sessionId, xid, request, auth, outcomes));
            }
            case BARRIER -> startBarrier(request, xid);
        }
    }

    private void startLocal(Pending entry, Request request, int xid) {
        DataTree tree = services.view().current();
        long zxid = tree.lastProcessedZxid();
        if (ReadHandler.isRead(request)) {
            ReadHandler.Result result = ReadHandler.read(request, tree, access, sessionId);
            // The reply leaves now, before any watch it sets can fire: a client learns of a
            // watch from the reply, so an event ahead of it would have no watcher to go to.
            send(xid, zxid, result.code(), result.response());
            if (result.setsWatch()) {
                entry.repliedAwaitingFollowUp(zxid);
                services.commit().tell(new CommitStage.RegisterWatch(connection, result.watchPath(), result.watch(),
                        zxid, xid, outcomes));
            } else {
                entry.complete(null, null, zxid);
            }
            return;
        }
        switch (request.operation()) {
            case WHO_AM_I -> entry.complete(Code.OK, new Response.WhoAmI(clientInfo()), zxid);
            case AUTH -> authenticate(entry, (Request.Auth) request, xid);
            case RECONFIG -> entry.complete(Code.RECONFIG_DISABLED, Response.Empty.INSTANCE, zxid);
            case MALFORMED -> {
                Request.Malformed malformed = (Request.Malformed) request;
                log.warn("Malformed request from {} (xid {}): {}", connection.remote(), xid, malformed.reason());
                entry.complete(malformed.error(), Response.Empty.INSTANCE, zxid);
            }
            case UNKNOWN -> {
                // ZooKeeper answers an opcode it does not know with Unimplemented, then hangs up.
                entry.complete(Code.UNIMPLEMENTED, Response.Empty.INSTANCE, zxid);
                entry.closesConnectionWhenDone();
            }
            default -> entry.complete(Code.UNIMPLEMENTED, Response.Empty.INSTANCE, zxid);
        }
    }

    private void startBarrier(Request request, int xid) {
        if (request instanceof Request.Sync) {
            services.requests().tell(new RequestProcessor.Sync(xid, outcomes));
        } else if (request instanceof Request.AddWatch add) {
            services.commit().tell(new CommitStage.AddPersistentWatch(connection, path(add.path()),
                    add.mode() == io.warden.api.data.AddWatchMode.PERSISTENT_RECURSIVE, xid, outcomes));
        } else if (request instanceof Request.RemoveWatches remove) {
            services.commit().tell(new CommitStage.RemoveWatches(connection, path(remove.path()), remove.type(), false, xid, outcomes));
        } else if (request instanceof Request.CheckWatches check) {
            services.commit().tell(new CommitStage.RemoveWatches(connection, path(check.path()), check.type(), true, xid, outcomes));
        } else if (request instanceof Request.SetWatches s) {
            services.commit().tell(new CommitStage.SetWatches(connection, s.relativeZxid(), paths(s.dataWatches()),
                    paths(s.existWatches()), paths(s.childWatches()), List.of(), List.of(), xid, outcomes));
        } else if (request instanceof Request.SetWatches2 s) {
            services.commit().tell(new CommitStage.SetWatches(connection, s.relativeZxid(), paths(s.dataWatches()),
                    paths(s.existWatches()), paths(s.childWatches()), paths(s.persistentWatches()),
                    paths(s.persistentRecursiveWatches()), xid, outcomes));
        } else {
            throw new IllegalStateException("not a barrier request: " + request.operation());
        }
    }

    /**
     * Completes the in-flight request an outcome belongs to; returns it, or null when none
     * matches (an outcome for a connection that was replaced).
     */
    Pending complete(RequestQueue<Pending> queue, CommitStage.Outcome outcome) {
        if (outcome instanceof CommitStage.WriteCompleted w) {
            Pending entry = queue.findInFlight(e -> e.kind() == RequestQueue.Kind.WRITE && !e.isDone() && e.xid() == w.cxid());
            if (entry != null) {
                Request request = entry.request().request();
                entry.complete(WriteReplies.code(w.result()), WriteReplies.response(request, w.result()), w.zxid());
            }
            return entry;
        }
        CommitStage.Done done = (CommitStage.Done) outcome;
        Pending entry = queue.findInFlight(e -> e.kind() != RequestQueue.Kind.WRITE && !e.isDone() && e.xid() == done.xid());
        if (entry == null) {
            return null;
        }
        if (entry.kind() == RequestQueue.Kind.READ) {
            entry.followUpDone();
            return entry;
        }
        Request request = entry.request().request();
        Response response = Response.Empty.INSTANCE;
        if (done.code() == Code.OK && request instanceof Request.Sync sync) {
            response = new Response.Sync(sync.path());
        } else if (done.code() == Code.OK && request instanceof Request.AddWatch) {
            response = Response.AddWatch.INSTANCE;
        }
        entry.complete(done.code(), response, done.zxid());
        return entry;
    }

    /**
     * addAuth. digest is ZooKeeper's one password scheme. Its credential is hashed as it is:
     * "user:password" gives the id "user:hash", a string with no colon gives "string:hash" (the
     * hash of the whole string either way). Any other scheme, a null scheme, or a null credential
     * (on which ZooKeeper's provider throws) is answered AuthFailed and the connection dropped, as
     * ZooKeeper does (the client then raises AuthFailed to its watcher).
     */
    private void authenticate(Pending entry, Request.Auth request, int xid) {
        long zxid = services.view().current().lastProcessedZxid();
        if (!DigestAuth.SCHEME.equals(request.scheme()) || request.auth() == null) {
            log.warn("Authentication with scheme '{}' failed for {}", request.scheme(), connection.remote());
            entry.complete(Code.AUTH_FAILED, Response.Empty.INSTANCE, zxid);
            entry.closesConnectionWhenDone();
            return;
        }
        auth = auth.with(DigestAuth.authenticate(request.auth(), services.settings().superDigest()));
        access = services.accessFor().apply(auth);
        publishReadPermission();
        entry.complete(Code.OK, Response.Empty.INSTANCE, zxid);
    }

    /** whoAmI names digest identities by user only: the password hash stays on the server. */
    private List<ClientInfo> clientInfo() {
        return auth.ids().stream().map(id -> new ClientInfo(id.scheme(), DigestAuth.SCHEME.equals(id.scheme())
                ? id.id().substring(0, Math.max(0, id.id().indexOf(':'))) : id.id())).toList();
    }

    /**
     * Jute lets a client send a null path or a null vector (length -1), and a null string inside
     * a vector. The watch table takes neither, and an exception there would stop the commit
     * stage and with it the node: a null path watches "" (which no event ever names), a null
     * list is an empty one, null entries are dropped.
     */
    private static String path(String path) {
        return path == null ? "" : path;
    }

    private static List<String> paths(List<String> paths) {
        return paths == null ? List.of() : paths.stream().filter(java.util.Objects::nonNull).toList();
    }

    /**
     * Sends one reply now. Its zxid never goes below one this connection already sent: replies
     * leave in request order but may have been decided out of order (a write rejected before the
     * log, a write whose txn is older than a read's view), and a client takes each reply's zxid
     * as the latest it has seen.
     */
    void send(int xid, long zxid, Code code, Response response) {
        lastReplyZxid = Math.max(lastReplyZxid, zxid);
        connection.send(WireCodec.encodeReply(new ReplyHeader(xid, lastReplyZxid, code),
                code == Code.OK ? response : Response.Empty.INSTANCE));
    }

    /** Sends a finished entry's reply, if it has one still to send. */
    void sendReply(Pending entry) {
        if (entry.code() != null) {
            send(entry.xid(), entry.zxid(), entry.code(), entry.response());
        }
    }
}
