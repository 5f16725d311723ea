package io.warden.actors.ensemble;

import io.warden.actors.endpoint.Connection;
import io.warden.actors.endpoint.ConnectionRegistry;
import io.warden.actors.endpoint.Inbound;
import io.warden.actors.session.Session;
import io.warden.actors.session.SessionServices;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;

/**
 * Whether an ensemble member serves clients right now. The client port stays bound for the
 * node's life (a peer that is looking or synchronizing still accepts TCP connections, as
 * ZooKeeper's does); a connection made while no role serves is closed at once, and the client
 * library tries the next server of its connect string.
 */
public final class ServingSwitch {
    private final ConnectionRegistry connections;
    private volatile SessionServices services;

    public ServingSwitch(ConnectionRegistry connections) {
        this.connections = connections;
    }

    /** The behavior for a new connection: a session if serving, else a close. */
    public Behavior<Session.Command> connect(Connection connection) {
        SessionServices now = services;
        if (now != null) {
            return Session.create(now, connection);
        }
        return notServing(connection, connections);
    }

    /** ZooKeeper's text for a word sent to a server that is not serving (looking or syncing). */
    static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests\n";

    /**
     * A connection while no role serves. A four-letter word is answered as ZooKeeper answers it
     * then: {@code ruok} with imok (the process is up and bound to its port, which is all ruok
     * promises), any other word with the not-serving line; a client's connect is closed.
     */
    private static Behavior<Session.Command> notServing(Connection connection, ConnectionRegistry connections) {
        return Behaviors.receive(Session.Command.class)
                .onMessage(Session.StreamStarted.class, m -> {
                    m.ackTo().tell(Session.Ack.INSTANCE);
                    return Behaviors.same();
                })
                .onMessage(Session.Received.class, m -> {
                    if (!m.items().isEmpty() && m.items().get(0) instanceof Inbound.FourLetterWord word) {
                        connection.send(ByteString.fromString("ruok".equals(word.word()) ? "imok" : NOT_SERVING));
                    }
                    connection.close();
                    return Behaviors.same();
                })
                .onMessage(Session.StreamEnded.class, m -> {
                    // the connection counts against maxClientCnxns until its stream ended
                    connections.remove(connection);
                    return Behaviors.stopped();
                })
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    void serve(SessionServices now) {
        services = now;
    }

    /** Stops serving: new connections are refused and every open one is closed. */
    void stop(SessionServices served) {
        if (services == served) {
            services = null;
        }
        for (Connection connection : connections.snapshot()) {
            connection.close();
        }
    }

    public boolean serving() {
        return services != null;
    }
}
