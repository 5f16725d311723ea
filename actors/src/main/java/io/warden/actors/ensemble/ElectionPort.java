package io.warden.actors.ensemble;

import org.apache.pekko.actor.ClassicActorSystemProvider;

/** The node's side of {@link LeaderLink}: what the guardian binds on the election port. */
public final class ElectionPort {
    private ElectionPort() {
    }

    /** Accepts learners' links on this member's election port for the node's life. */
    public static void accept(ClassicActorSystemProvider system, String host, int port) {
        LeaderLink.accept(system, host, port);
    }
}
