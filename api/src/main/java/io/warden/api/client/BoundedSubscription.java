package io.warden.api.client;

import java.util.ArrayDeque;
import java.util.concurrent.Flow;

/**
 * One subscriber's end of a stream: a buffer of at most {@code capacity} items between the
 * client (which {@link #offer}s as frames arrive) and the subscriber (which receives only what it
 * requested, on the client's delivery executor, one signal at a time). When the buffer is full
 * the subscription fails with {@link SlowSubscriberException} and calls {@code onEnd}, so that
 * the client can drop the server-side watch: memory stays bounded whatever the subscriber does.
 */
final class BoundedSubscription<T> implements Flow.Subscription {
    private final Flow.Subscriber<? super T> subscriber;
    private final Delivery executor;
    private final int capacity;
    private final Runnable onEnd;
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private long demand;
    private boolean completed;
    private Throwable error;
    private boolean terminated;
    private boolean cancelled;
    private boolean scheduled;
    private boolean ended;
    private boolean draining;

    BoundedSubscription(Flow.Subscriber<? super T> subscriber, Delivery executor, int capacity, Runnable onEnd) {
        this.subscriber = subscriber;
        this.executor = executor;
        this.capacity = capacity;
        this.onEnd = onEnd;
    }

    /** Signals onSubscribe; items offered before it is delivered wait in the buffer. */
    void start() {
        executor.execute(() -> subscriber.onSubscribe(this));
    }

    /**
     * Adds an item; false when the subscription is over (cancelled, failed, or overflowed just
     * now). On the delivery thread (where watch events are published) the item goes to the
     * subscriber at once if it has demand, so only items it has not asked for are buffered.
     */
    boolean offer(T item) {
        boolean overflowed;
        boolean inline = executor.isDeliveryThread();
        synchronized (this) {
            if (cancelled || completed || error != null) {
                return false;
            }
            overflowed = buffer.size() >= capacity;
            if (overflowed) {
                buffer.clear();
                error = new SlowSubscriberException(capacity);
            } else {
                buffer.add(item);
            }
            inline &= !draining;
            if (!inline) {
                schedule();
            }
        }
        if (inline) {
            drain();
        }
        if (overflowed) {
            end();
        }
        return !overflowed;
    }

    /** Ends the stream after the buffered items are delivered. */
    synchronized void complete() {
        if (!cancelled && error == null) {
            completed = true;
            schedule();
        }
    }

    /** Ends the stream now with {@code cause}; buffered items are dropped. */
    synchronized void fail(Throwable cause) {
        if (!cancelled && !completed && error == null) {
            buffer.clear();
            error = cause;
            schedule();
        }
    }

    @Override
    public void request(long n) {
        boolean bad;
        synchronized (this) {
            bad = n <= 0;
            if (bad && error == null && !cancelled) {
                buffer.clear();
                error = new IllegalArgumentException("Reactive Streams rule 3.9: request(" + n + ") must be positive");
            } else if (!bad) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
            schedule();
        }
        if (bad) {
            end();
        }
    }

    @Override
    public void cancel() {
        synchronized (this) {
            cancelled = true;
            buffer.clear();
        }
        end();
    }

    private void end() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        onEnd.run();
    }

    private void schedule() {
        if (!scheduled && !terminated) {
            scheduled = true;
            executor.execute(this::drain);
        }
    }

    private void drain() {
        synchronized (this) {
            if (draining) {
                return; // a signal's handler led back here: the running drain carries on
            }
            draining = true;
        }
        try {
            drainLoop();
        } finally {
            synchronized (this) {
                draining = false;
            }
        }
    }

    private void drainLoop() {
        while (true) {
            T item = null;
            Throwable failure = null;
            boolean complete = false;
            synchronized (this) {
                if (cancelled || terminated) {
                    scheduled = false;
                    return;
                }
                if (error != null) {
                    terminated = true;
                    failure = error;
                } else if (!buffer.isEmpty() && demand > 0) {
                    item = buffer.poll();
                    demand--;
                } else if (buffer.isEmpty() && completed) {
                    terminated = true;
                    complete = true;
                } else {
                    scheduled = false;
                    return;
                }
            }
            if (failure != null) {
                subscriber.onError(failure);
                end();
            } else if (complete) {
                subscriber.onComplete();
                end();
            } else {
                subscriber.onNext(item);
            }
        }
    }
}
