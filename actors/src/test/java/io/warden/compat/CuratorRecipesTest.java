package io.warden.compat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.barriers.DistributedBarrier;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Curator's best-known recipes, each driven by several independent clients. */
class CuratorRecipesTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  private static final Duration WAIT = Duration.ofSeconds(Compat.TIMEOUT_SECONDS);

  @CompatTest
  void interProcessMutexLetsOneHolderInAtATime(Target target) throws Exception {
    String lockPath = compat.uniquePath();
    int clients = 3;
    int rounds = 15;
    AtomicInteger holders = new AtomicInteger();
    AtomicInteger maxHolders = new AtomicInteger();
    int[] counter = {0}; // deliberately unsynchronised: only the lock protects it
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        InterProcessMutex mutex = new InterProcessMutex(compat.curator(target), lockPath);
        workers.add(pool.submit(() -> {
          for (int r = 0; r < rounds; r++) {
            if (!mutex.acquire(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
              throw new AssertionError("lock not acquired in time");
            }
            try {
              maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
              int seen = counter[0];
              Thread.yield(); // widen the window a second holder would need
              counter[0] = seen + 1;
              holders.decrementAndGet();
            } finally {
              mutex.release();
            }
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get(2 * Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, maxHolders.get(), "never two holders at once");
    synchronized (counter) {
      assertEquals(clients * rounds, counter[0]);
    }
  }

  @CompatTest
  void leaderLatchElectsExactlyOneLeaderAndFailsOverWhenItCloses(Target target) throws Exception {
    String latchPath = compat.uniquePath();
    List<LeaderLatch> latches = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      LeaderLatch latch = new LeaderLatch(compat.curator(target), latchPath, "member-" + i);
      compat.register(() -> {
        if (latch.getState() == LeaderLatch.State.STARTED) {
          latch.close();
        }
      });
      latch.start();
      latches.add(latch);
    }

    LeaderLatch first = awaitSingleLeader(latches);
    first.close();
    latches.remove(first);
    LeaderLatch second = awaitSingleLeader(latches);

    assertFalse(first.hasLeadership());
    assertEquals(second.getId(), latches.get(0).getLeader().getId(), "every member agrees on the leader");
    assertEquals(2, second.getParticipants().size());
  }

  @CompatTest
  void curatorCacheSeesCreatesUpdatesAndDeletes(Target target) throws Exception {
    String base = compat.uniquePath();
    CuratorFramework watcher = compat.curator(target);
    CuratorFramework writer = compat.curator(target);
    writer.create().forPath(base, new byte[0]); // Curator's default data would be the client's IP
    LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    CuratorCache cache = compat.register(CuratorCache.build(watcher, base));
    CountDownLatchListener initialized = new CountDownLatchListener();
    cache.listenable().addListener(CuratorCacheListener.builder()
        .forCreates(node -> events.add("created " + node.getPath() + " " + text(node.getData())))
        .forChanges((before, after) -> events.add("changed " + after.getPath() + " " + text(after.getData())))
        .forDeletes(node -> events.add("deleted " + node.getPath()))
        .forInitialized(initialized::done)
        .build());
    cache.start();
    assertTrue(initialized.await(), "cache initialised");
    assertEquals("created " + base + " ", events.poll(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS));

    // One change at a time: a cache re-reads on each event, so back-to-back writes may
    // legitimately be seen as fewer states (a create it reads after the delete, say).
    writer.create().forPath(base + "/a", bytes("1"));
    assertEquals("created " + base + "/a 1", events.poll(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS));
    writer.setData().forPath(base + "/a", bytes("2"));
    assertEquals("changed " + base + "/a 2", events.poll(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS));
    writer.delete().forPath(base + "/a");
    assertEquals("deleted " + base + "/a", events.poll(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS));
  }

  @CompatTest
  void distributedBarrierHoldsWaitersUntilRemoved(Target target) throws Exception {
    String barrierPath = compat.uniquePath();
    DistributedBarrier owner = new DistributedBarrier(compat.curator(target), barrierPath);
    DistributedBarrier waiter = new DistributedBarrier(compat.curator(target), barrierPath);
    owner.setBarrier();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> passed = pool.submit(() -> waiter.waitOnBarrier(2 * Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS));
      // The waiter is parked on an exists watch once the barrier node has a watcher.
      await().atMost(WAIT).until(() -> compat.curator(target).checkExists().forPath(barrierPath) != null);
      assertFalse(passed.isDone(), "still held");

      owner.removeBarrier();

      assertTrue(passed.get(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS), "released by the removal");
    } finally {
      pool.shutdownNow();
    }
  }

  private static LeaderLatch awaitSingleLeader(List<LeaderLatch> latches) {
    await().atMost(WAIT).until(() -> latches.stream().filter(LeaderLatch::hasLeadership).count() == 1);
    return latches.stream().filter(LeaderLatch::hasLeadership).findFirst().orElseThrow();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] data) {
    return data == null ? "" : new String(data, StandardCharsets.UTF_8);
  }

  /** Opens once the cache has loaded its initial contents. */
  private static final class CountDownLatchListener {
    private final java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);

    void done() {
      latch.countDown();
    }

    boolean await() throws InterruptedException {
      return latch.await(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }
}
