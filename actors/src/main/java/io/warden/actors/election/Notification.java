package io.warden.actors.election;

import java.util.Objects;

/**
 * What one peer tells another during election: who it votes for, in which round, and what it is
 * doing.
 *
 * @param sender        the sid of the peer that sent it
 * @param state         the sender's state
 * @param vote          the sender's vote (its proposal while looking, its leader otherwise)
 * @param electionEpoch the sender's round (ZooKeeper's logical clock)
 */
public record Notification(long sender, PeerState state, Vote vote, long electionEpoch) {
    public Notification {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(vote, "vote");
    }
}
