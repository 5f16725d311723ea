/**
 * The client endpoint: ZooKeeper's client port on Pekko Streams TCP.
 *
 * <p>A connection costs one stream stage ({@link io.warden.actors.endpoint.ConnectionStage})
 * and one Session actor besides Pekko's own TCP connection actor and the stage's interpreter:
 * per-connection cost is what limits how many idle sessions a server holds (ADR 0015).
 *
 * <p>Rules kept here: a connection's bytes become frames only through
 * {@link io.warden.actors.endpoint.Framer}, which bounds every frame by
 * {@code jute.maxbuffer} and recognises a four-letter word only as a connection's first four
 * bytes; an oversized or negative length closes that connection (never the server) with a log
 * line. Everything sent to a client goes through that connection's one bounded outbound queue,
 * so replies and watch events leave in the order they were offered. Inbound frames are handed
 * on with backpressure: a connection at its outstanding-request limit is simply not read.
 */
package io.warden.actors.endpoint;
