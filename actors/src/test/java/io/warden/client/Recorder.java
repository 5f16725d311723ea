package io.warden.client;

import io.warden.compat.harness.Compat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test subscriber that requests {@code initialDemand} items up front and records what it gets. */
final class Recorder<T> implements Flow.Subscriber<T> {
    private final long initialDemand;
    private final LinkedBlockingQueue<T> items = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile Flow.Subscription subscription;

    Recorder(long initialDemand) {
        this.initialDemand = initialDemand;
    }

    static <T> Recorder<T> unbounded() {
        return new Recorder<>(Long.MAX_VALUE);
    }

    @Override public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(initialDemand);
    }
    @Override public void onNext(T item) { items.add(item); }
    @Override public void onError(Throwable t) { done.completeExceptionally(t); }
    @Override public void onComplete() { done.complete(null); }

    /** The next item, waiting at most the suite's timeout. */
    T next() throws InterruptedException {
        T item = items.poll(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (item == null) {
            throw new AssertionError("no item within " + Compat.TIMEOUT_SECONDS + " s");
        }
        return item;
    }

    /** The next item that matches, skipping others. */
    T nextMatching(java.util.function.Predicate<T> p) throws InterruptedException {
        while (true) {
            T item = next();
            if (p.test(item)) {
                return item;
            }
        }
    }

    int received() {
        return items.size();
    }
}
