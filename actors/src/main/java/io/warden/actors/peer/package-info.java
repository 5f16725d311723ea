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
 * <p>Once decided, the peer runs its role's phase actor from {@link io.warden.actors.peer.Roles}
 * (the node's: {@code io.warden.actors.ensemble}) and routes every packet but bare pings and the
 * replica log's output ({@link io.warden.actors.peer.RoleCommand}) to it; it stops the role when
 * liveness fails and looks again when the role stops. Without Roles (election tests) a decided
 * peer only records its state.
 *
 * <p>Rules kept: the transport is at most once with per-pair order, so every handler tolerates
 * lost, late and duplicate messages (election resends on its timers; pings are counted in ticks);
 * no Artery or cluster event decides leadership; nothing is Java-serialized; a message that does
 * not decode is dropped with an error, never half-acted on.
 */
package io.warden.actors.peer;
