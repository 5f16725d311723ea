package io.warden.api.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A publisher of one kind of item to any number of subscribers, each with its own
 * {@link BoundedSubscription}; {@code onFirstSubscriber}/{@code onLastGone} let the owner
 * register and drop the matching server-side watch.
 */
final class Broadcast<T> implements Flow.Publisher<T> {
    private final Delivery executor;
    private final int capacity;
    private final List<BoundedSubscription<T>> subscriptions = new CopyOnWriteArrayList<>();
    private final Consumer<BoundedSubscription<T>> onSubscribe;
    private final Runnable onLastGone;
    private volatile Throwable terminal;
    private volatile boolean completed;

    Broadcast(Delivery executor, int capacity, Consumer<BoundedSubscription<T>> onSubscribe, Runnable onLastGone) {
        this.executor = executor;
        this.capacity = capacity;
        this.onSubscribe = onSubscribe;
        this.onLastGone = onLastGone;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        BoundedSubscription<T>[] self = new BoundedSubscription[1];
        BoundedSubscription<T> s = new BoundedSubscription<>(subscriber, executor, capacity, () -> remove(self[0]));
        self[0] = s;
        s.start();
        synchronized (this) {
            if (terminal != null) {
                s.fail(terminal);
                return;
            }
            if (completed) {
                s.complete();
                return;
            }
            subscriptions.add(s);
        }
        onSubscribe.accept(s);
    }

    void publish(T item) {
        for (BoundedSubscription<T> s : subscriptions) {
            s.offer(item);
        }
    }

    synchronized void fail(Throwable cause) {
        terminal = cause;
        subscriptions.forEach(s -> s.fail(cause));
    }

    synchronized void complete() {
        completed = true;
        subscriptions.forEach(BoundedSubscription::complete);
    }

    boolean hasSubscribers() {
        return !subscriptions.isEmpty();
    }

    private void remove(BoundedSubscription<T> s) {
        boolean last;
        synchronized (this) {
            last = subscriptions.remove(s) && subscriptions.isEmpty() && terminal == null && !completed;
        }
        if (last) {
            onLastGone.run();
        }
    }
}
