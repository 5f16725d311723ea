/**
 * A member of a ZAB ensemble as actors, and how members reach each other (ADR 0016).
 *
 * <p>{@link io.warden.actors.peer.QuorumPeer} is one member: LOOKING while an
 * {@link io.warden.actors.peer.Election} child drives the pure
 * {@link io.warden.actors.election.ElectionCore}, then FOLLOWING, LEADING or OBSERVING what it
 * decided. It is also the member's endpoint: every {@link io.warden.actors.peer.PeerMessage}
 * arrives there. {@link io.warden.actors.peer.Peers} is the transport as the actors see it (sid to
 * reference); {@link io.warden.actors.peer.PeerTransport} builds it over Pekko Artery TCP from the
 * {@code server.N} lines, with the Pekko settings for it; {@link io.warden.actors.peer.PeerSerializer}
 * writes the messages in Warden's versioned binary form.
 *
 * <p>NOT here yet: discovery, synchronization, broadcast and learner handlers. A FOLLOWING or
 * LEADING peer only records its state and exchanges liveness pings (a learner that loses its
 * leader, or a leader that loses its quorum, goes back to LOOKING); it replicates nothing and
 * serves no client. Nothing in this package is reachable from {@code zoo.cfg}: the launcher
 * still refuses {@code server.N} lines.
 *
 * <p>Rules kept: the transport is at most once with per-pair order, so every handler tolerates
 * lost, late and duplicate messages (election resends on its timers; pings are counted in ticks);
 * no Artery or cluster event decides leadership; nothing is Java-serialized; a message that does
 * not decode is dropped with an error, never half-acted on.
 */
package io.warden.actors.peer;
