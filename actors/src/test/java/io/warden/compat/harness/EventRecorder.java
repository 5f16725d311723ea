package io.warden.compat.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/**
 * A watcher that keeps what it saw, in order, for a test to take one at a time.
 *
 * <p>{@link #settle(ZooKeeper)} is how the suite proves that an event did NOT arrive without
 * sleeping: an asynchronous round trip on the same client completes on the client's event
 * thread after every event the server sent before answering, so once it completes the
 * recorder holds everything that was due.
 */
public final class EventRecorder implements Watcher {
  private final LinkedBlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>(10_000);

  @Override
  public void process(WatchedEvent event) {
    if (!events.offer(event)) {
      throw new IllegalStateException("more than 10000 unread events");
    }
  }

  /** The next event, waiting for it; fails the test if none comes. */
  public WatchedEvent next() throws InterruptedException {
    WatchedEvent event = events.poll(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (event == null) {
      throw new AssertionError("no watch event within " + Compat.TIMEOUT_SECONDS + " s");
    }
    return event;
  }

  /** The next node event (type other than None), skipping connection-state events. */
  public WatchedEvent nextNodeEvent() throws InterruptedException {
    while (true) {
      WatchedEvent event = next();
      if (event.getType() != EventType.None) {
        return event;
      }
    }
  }

  /** Waits until a session-state event with {@code state} arrives, dropping anything before it. */
  public void awaitState(KeeperState state) throws InterruptedException {
    while (true) {
      WatchedEvent event = next();
      if (event.getType() == EventType.None && event.getState() == state) {
        return;
      }
    }
  }

  /** Waits for one round trip of {@code zk} through its event thread, then returns all events held. */
  public List<WatchedEvent> settle(ZooKeeper zk) throws Exception {
    CompletableFuture<Void> roundTrip = new CompletableFuture<>();
    zk.exists("/", false, (rc, path, ctx, stat) -> roundTrip.complete(null), null);
    roundTrip.get(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    List<WatchedEvent> held = new ArrayList<>();
    events.drainTo(held);
    return held;
  }

  /** Settles, then the node events (type other than None) that were held. */
  public List<WatchedEvent> settledNodeEvents(ZooKeeper zk) throws Exception {
    return settle(zk).stream().filter(e -> e.getType() != EventType.None).toList();
  }

  /** The events held right now, without waiting. */
  public List<WatchedEvent> drain() {
    List<WatchedEvent> held = new ArrayList<>();
    events.drainTo(held);
    return held;
  }
}
