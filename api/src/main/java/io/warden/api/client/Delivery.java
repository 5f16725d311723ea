package io.warden.api.client;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's one delivery thread: completions, watch events and stream signals run here, in
 * the order they were handed over. The socket reader calls {@link #awaitRoom()} before each
 * frame: while more than {@code limit} tasks wait (a user callback is blocking this thread), the
 * reader stops reading, so TCP pushes back on the server instead of this queue growing without
 * bound. Tasks handed over from other threads are never refused, and only the reader waits.
 */
final class Delivery implements Executor {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final int limit;
    private final Thread thread;
    private boolean stopping;

    Delivery(String name, int limit) {
        this.limit = limit;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void execute(Runnable task) {
        lock.lock();
        try {
            tasks.add(task);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks while the queue is over its limit; returns false on interrupt. */
    boolean awaitRoom() {
        lock.lock();
        try {
            while (tasks.size() > limit && !stopping) {
                room.await(100, TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    boolean isDeliveryThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs what is queued, then stops the thread. */
    void stopWhenDrained() {
        lock.lock();
        try {
            stopping = true;
            notEmpty.signal();
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (true) {
            Runnable task;
            lock.lock();
            try {
                while (tasks.isEmpty() && !stopping) {
                    notEmpty.awaitUninterruptibly();
                }
                task = tasks.poll();
                if (task == null) {
                    return;
                }
                if (tasks.size() <= limit / 2) {
                    room.signalAll();
                }
            } finally {
                lock.unlock();
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.warn("a client callback threw; the client carries on", e);
            }
        }
    }
}
