/**
 * The Warden client: ZooKeeper's client protocol behind {@link java.util.concurrent.CompletionStage}
 * results and {@link java.util.concurrent.Flow.Publisher} streams. It speaks the wire codec of
 * {@link io.warden.api.wire} and knows nothing of the server, so it works against Apache ZooKeeper
 * and Warden alike.
 *
 * <p>Rules kept here:
 * <ul>
 * <li>Every operation ends: it completes with its result, a {@link io.warden.api.data.KeeperException}
 *     carrying the server's {@link io.warden.api.data.Code}, {@code CONNECTION_LOSS} when the
 *     connection it was sent on broke, {@code SESSION_EXPIRED}, or {@link
 *     io.warden.api.client.ClientClosedException}. Bad arguments (invalid path, data over
 *     {@code jute.maxbuffer}) throw {@link IllegalArgumentException} at the call, before anything is sent.
 * <li>Requests of one client are pipelined on one connection and answered in the order sent (the
 *     server's FIFO guarantee); replies are matched to requests by xid, and a mismatch drops the
 *     connection rather than completing the wrong future.
 * <li>Completions and stream signals run on one delivery thread per client, in the order the
 *     frames arrived, never on the socket reader; so a watch event is delivered before the result
 *     of a read that follows it on the wire.
 * <li>Every queue is bounded: requests waiting for a connection ({@code maxQueuedRequests}), and each
 *     stream subscriber's buffer ({@code streamBufferSize}); a subscriber that lets its buffer fill
 *     gets {@link io.warden.api.client.SlowSubscriberException} instead of unbounded memory.
 * <li>A change stream ({@link io.warden.api.client.WardenClient#changes}) never invents a change:
 *     what its catch-up cannot prove after a reconnect is named in a {@link io.warden.api.client.Change.Resync};
 *     its decisions live in a pure core ({@code ChangeModel}) fed in wire order by a shell ({@code ChangeFeed}).
 * <li>A reconnect never goes back in zxid: the connect request carries the last zxid seen and a
 *     server that is behind refuses it; the client then tries the next server.
 * </ul>
 */
package io.warden.api.client;
