package io.warden.api.client.recipes;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/**
 * A publisher of a value that changes over time (a leadership state, a config value): each
 * subscriber gets the current value, then the newest value whenever it has demand. A slow
 * subscriber skips intermediate values rather than have them buffered: memory is one value.
 * Signals to one subscriber never overlap (a drain loop with a work counter).
 */
final class LatestValue<T> implements Flow.Publisher<T> {
    private final CopyOnWriteArrayList<Sub> subs = new CopyOnWriteArrayList<>();
    private T value;
    private long version;
    private boolean completed;
    private Throwable error;

    /** Publishes {@code v} (null: no value yet, nothing is sent). */
    void set(T v) {
        synchronized (this) {
            if (completed || error != null) {
                return;
            }
            value = v;
            version++;
        }
        subs.forEach(Sub::drain);
    }

    synchronized T get() {
        return value;
    }

    void complete() {
        synchronized (this) {
            completed = true;
        }
        subs.forEach(Sub::drain);
    }

    void fail(Throwable t) {
        synchronized (this) {
            if (completed || error != null) {
                return;
            }
            error = t;
        }
        subs.forEach(Sub::drain);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Sub s = new Sub(subscriber);
        subs.add(s);
        subscriber.onSubscribe(s);
        s.drain();
    }

    private final class Sub implements Flow.Subscription {
        private final Flow.Subscriber<? super T> subscriber;
        private final java.util.concurrent.atomic.AtomicInteger wip = new java.util.concurrent.atomic.AtomicInteger();
        private long demand;
        private long sentVersion;
        private boolean done;

        Sub(Flow.Subscriber<? super T> subscriber) {
            this.subscriber = subscriber;
        }

        @Override public void request(long n) {
            synchronized (this) {
                if (n <= 0) {
                    done = true;
                    subs.remove(this);
                    subscriber.onError(new IllegalArgumentException("Reactive Streams rule 3.9: request(" + n + ")"));
                    return;
                }
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
            drain();
        }

        @Override public void cancel() {
            synchronized (this) {
                done = true;
            }
            subs.remove(this);
        }

        void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            while (true) {
                if (!emitAll()) {
                    return;
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /** Sends what it can; false once the subscription is over. */
        private boolean emitAll() {
            while (true) {
                T toSend = null;
                Throwable failure;
                boolean complete;
                synchronized (LatestValue.this) {
                    failure = error;
                    complete = completed;
                    synchronized (this) {
                        if (done) {
                            return false;
                        }
                        if (value != null && version > sentVersion && demand > 0) {
                            toSend = value;
                            sentVersion = version;
                            demand--;
                        }
                    }
                }
                if (toSend != null) {
                    subscriber.onNext(toSend);
                } else if (failure != null || complete) {
                    synchronized (this) {
                        done = true;
                    }
                    subs.remove(this);
                    if (failure != null) {
                        subscriber.onError(failure);
                    } else {
                        subscriber.onComplete();
                    }
                    return false;
                } else {
                    return true;
                }
            }
        }
    }
}
