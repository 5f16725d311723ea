package io.warden.api.client;

import io.warden.api.data.Code;
import io.warden.api.data.KeeperException;
import io.warden.api.data.Stat;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

/**
 * The shell of one change-stream subscription: a persistent recursive watch, the session's
 * states, catch-up reads, and a {@link ChangeModel} that turns them into {@link Change}s. Every
 * input arrives on the client's delivery thread in wire order (events, replies and state changes
 * are handed over in the order the I/O thread saw them), which is what the model's reasoning
 * needs; the methods are synchronized only because a call on a closed client completes on the
 * caller's thread.
 */
final class ChangeFeed {
    /** What a catch-up read returns: the node's Stat (null if absent), its children, and the reply's zxid. */
    record NodeRead(Stat stat, List<String> children, long zxid) {}

    private final WardenClient client;
    private final String path;
    private final long fromZxid;
    private final ChangeModel model;
    private final BoundedSubscription<Change> out;
    private Flow.Subscription watchSubscription;
    private Flow.Subscription stateSubscription;
    private boolean disconnected;
    private boolean ended;
    // Catch-up reads not sent yet, and how many are in flight: a window, so that reading a large
    // subtree never puts thousands of requests on the wire (or the delivery thread) at once.
    private final java.util.ArrayDeque<String> toRead = new java.util.ArrayDeque<>();
    private int inFlight;
    private int readGeneration;
    private static final int MAX_READS_IN_FLIGHT = 64;

    private ChangeFeed(WardenClient client, Delivery delivery, String path, long fromZxid, int bufferSize,
                       Flow.Subscriber<? super Change> subscriber) {
        this.client = client;
        this.path = path;
        this.fromZxid = fromZxid;
        this.model = new ChangeModel(path, bufferSize);
        this.out = new BoundedSubscription<>(subscriber, delivery, bufferSize, this::end);
    }

    /** A publisher whose every subscriber gets its own watch, model and catch-ups. */
    static Flow.Publisher<Change> publisher(WardenClient client, Delivery delivery, String path, long fromZxid,
                                            int bufferSize) {
        return subscriber -> new ChangeFeed(client, delivery, path, fromZxid, bufferSize, subscriber).start();
    }

    private void start() {
        out.start();
        client.sessionStates().subscribe(new Inner<>(this::onState, s -> stateSubscription = s));
        synchronized (this) {
            client.watch(path, true, this::onRegistered)
                    .subscribe(new Inner<>(this::onLive, s -> watchSubscription = s));
            // After the addWatch on the wire, so every read reflects a tree the watch already covers.
            read(fromZxid < 0 ? model.startFromNow() : model.startAfter(fromZxid), model.generation());
        }
    }

    private synchronized void onRegistered(long zxid) {
        model.registeredAt(zxid, fromZxid < 0);
    }

    private synchronized void onLive(WatchEvent e) {
        if (ended) {
            return;
        }
        try {
            emit(model.onLive(e));
        } catch (SlowSubscriberException overflow) {
            fail(overflow);
        }
    }

    private synchronized void onState(SessionState s) {
        if (ended) {
            return;
        }
        if (s == SessionState.DISCONNECTED) {
            disconnected = true;
        } else if (s == SessionState.CONNECTED && disconnected) {
            disconnected = false;
            read(model.reconnected(), model.generation());
        } else if (s == SessionState.CLOSED) {
            ended = true;
            out.complete();
        } else if (s.isTerminal()) {
            fail(new KeeperException(s == SessionState.EXPIRED ? Code.SESSION_EXPIRED : Code.AUTH_FAILED, path));
        }
    }

    private void read(List<String> paths, int generation) {
        if (generation != readGeneration) {
            toRead.clear(); // a new catch-up reads everything again
            inFlight = 0;
            readGeneration = generation;
        }
        toRead.addAll(paths);
        while (inFlight < MAX_READS_IN_FLIGHT && !toRead.isEmpty()) {
            String p = toRead.poll();
            inFlight++;
            client.readNode(p).whenComplete((r, e) -> onRead(generation, p, r, e));
        }
    }

    private synchronized void onRead(int generation, String p, NodeRead r, Throwable e) {
        if (ended) {
            return;
        }
        if (generation == readGeneration) {
            inFlight--;
        }
        if (e != null) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof KeeperException k && k.code() == Code.CONNECTION_LOSS) {
                return; // the reconnect restarts the catch-up
            }
            if (!client.state().isTerminal()) {
                fail(cause); // e.g. NO_AUTH: the stream cannot see the subtree it promised
            }
            return;
        }
        read(model.onRead(generation, p, r.stat(), r.children(), r.zxid()), generation);
        if (model.done()) {
            emit(model.finish());
        }
    }

    private void emit(List<Change> changes) {
        for (Change c : changes) {
            if (!out.offer(c)) {
                return; // overflowed or cancelled: end() has run
            }
        }
    }

    private void fail(Throwable cause) {
        ended = true;
        out.fail(cause);
        end();
    }

    private void end() {
        Flow.Subscription w;
        Flow.Subscription s;
        synchronized (this) {
            ended = true;
            w = watchSubscription;
            s = stateSubscription;
        }
        if (w != null) {
            w.cancel();
        }
        if (s != null) {
            s.cancel();
        }
    }

    /** An internal subscriber that takes everything (its publisher's buffer is bounded anyway). */
    private final class Inner<T> implements Flow.Subscriber<T> {
        private final java.util.function.Consumer<T> onNext;
        private final java.util.function.Consumer<Flow.Subscription> onSubscribe;

        Inner(java.util.function.Consumer<T> onNext, java.util.function.Consumer<Flow.Subscription> onSubscribe) {
            this.onNext = onNext;
            this.onSubscribe = onSubscribe;
        }

        @Override public void onSubscribe(Flow.Subscription s) {
            boolean cancel;
            synchronized (ChangeFeed.this) {
                onSubscribe.accept(s);
                cancel = ended;
            }
            if (cancel) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }
        @Override public void onNext(T item) { onNext.accept(item); }
        @Override public void onError(Throwable t) {
            synchronized (ChangeFeed.this) {
                if (!ended) {
                    fail(t);
                }
            }
        }
        @Override public void onComplete() {
            synchronized (ChangeFeed.this) {
                if (!ended) {
                    ended = true;
                    out.complete();
                }
            }
        }
    }
}
