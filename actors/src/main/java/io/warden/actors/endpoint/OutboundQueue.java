package io.warden.actors.endpoint;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.util.ByteString;

/**
 * One connection's frames waiting for the socket: offered by any thread (the session, the
 * commit stage firing watches), taken by that connection's {@link ConnectionStage}. Bounded in
 * frames. It exists before the socket's stream is materialized, so the connection, its session
 * and the stream can be set up in one materialization with no ordering race (a pre-materialized
 * {@code Source.queue} costs a graph and two actors of its own per connection).
 *
 * <p>Hand-off rule: the source sets {@code waiting} before it looks at the queue a last time;
 * a producer that adds an item or ends the queue and then finds {@code waiting} set clears it
 * and wakes the source. So either the source sees the item, or it is woken for it.
 */
final class OutboundQueue {
    private final ConcurrentLinkedQueue<ByteString> frames = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int maxFrames;
    private final AtomicBoolean waiting = new AtomicBoolean();
    private volatile Runnable wakeUp;
    private volatile boolean completed;
    private volatile Throwable failure;

    OutboundQueue(int maxFrames) {
        if (maxFrames <= 0) {
            throw new IllegalArgumentException("maxFrames must be positive: " + maxFrames);
        }
        this.maxFrames = maxFrames;
    }

    enum Offered { ENQUEUED, FULL, CLOSED }

    Offered offer(ByteString frame) {
        if (completed || failure != null) {
            return Offered.CLOSED;
        }
        if (size.incrementAndGet() > maxFrames) {
            size.decrementAndGet();
            return Offered.FULL;
        }
        frames.add(frame);
        signal();
        return Offered.ENQUEUED;
    }

    /** No more frames: the source completes once the queued ones are taken. */
    void complete() {
        completed = true;
        signal();
    }

    /** The source fails at once; queued frames are dropped. */
    void fail(Throwable cause) {
        failure = cause;
        signal();
    }

    ByteString poll() {
        ByteString frame = frames.poll();
        if (frame != null) {
            size.decrementAndGet();
        }
        return frame;
    }

    ByteString peek() {
        return frames.peek();
    }

    boolean isCompleted() {
        return completed;
    }

    Throwable failure() {
        return failure;
    }

    /** Called by the source when it starts: how to wake it from another thread. */
    void attach(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    /** Called by the source before its last look at the queue; see the class comment. */
    void awaitSignal() {
        waiting.set(true);
    }

    /** Called by the source when its last look found something after all. */
    void cancelAwait() {
        waiting.set(false);
    }

    private void signal() {
        Runnable w = wakeUp;
        if (w != null && waiting.compareAndSet(true, false)) {
            w.run();
        }
    }
}
