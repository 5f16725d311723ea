package io.warden.persistence.journal;

import static io.warden.persistence.journal.LogFixtures.config;
import static io.warden.persistence.journal.LogFixtures.record;
import static io.warden.persistence.journal.LogFixtures.replayAll;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit and the bounded queue, counted (fsyncs, frames), never timed. */
class GroupCommitTest {

    @TempDir
    Path dir;

    /** Holds the writer thread's first fsync until the test lets it go. */
    private static final class FsyncGate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        void install(FaultInjectingChannel.Faults faults) {
            faults.beforeForce = () -> {
                if (Thread.currentThread().getName().equals("warden-journal-writer") && entered.getCount() > 0) {
                    entered.countDown();
                    await(release);
                }
            };
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void appendsQueuedDuringAnFsync_areWrittenTogether_withOneMoreFsync() throws Exception {
        FaultInjectingChannel.Faults faults = new FaultInjectingChannel.Faults();
        FsyncGate gate = new FsyncGate();
        gate.install(faults);
        try (SegmentedLog log = SegmentedLog.open(config(dir).withForceSync(true).withChannelFactory(faults))) {
            CompletableFuture<Long> first = log.append(record("p0", 1));
            assertTrue(gate.entered.await(10, TimeUnit.SECONDS), "writer never reached its fsync");
            List<CompletableFuture<Long>> queued = new ArrayList<>();
            for (int i = 1; i < 32; i++) {
                queued.add(log.append(record("p" + i, 1)));
            }
            assertEquals(31, log.stats().queuedRequests());
            gate.release.countDown();
            first.join();
            queued.forEach(CompletableFuture::join);
            LogStats stats = log.stats();
            assertEquals(32, stats.appendRequests());
            assertEquals(2, stats.framesWritten(), "one frame for the first append, one for the 31 queued");
            assertEquals(2, stats.fsyncs());
        }
    }

    @Test
    void concurrentAppenders_shareFsyncs() throws Exception {
        int writers = 16;
        int perWriter = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (SegmentedLog log = SegmentedLog.open(config(dir).withForceSync(true))) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String pid = "writer-" + w;
                done.add(pool.submit(() -> {
                    start.await();
                    for (long seq = 1; seq <= perWriter; seq++) {
                        log.append(record(pid, seq)).join();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            LogStats stats = log.stats();
            assertEquals((long) writers * perWriter, stats.appendRequests());
            assertTrue(stats.fsyncs() < stats.appendRequests(),
                    "fsyncs " + stats.fsyncs() + " should be fewer than appends " + stats.appendRequests());
            for (int w = 0; w < writers; w++) {
                assertEquals(perWriter, replayAll(log, "writer-" + w).size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fullQueue_makesCallersWaitThenFailClearly_andQueuedAppendsStillComplete() throws Exception {
        FaultInjectingChannel.Faults faults = new FaultInjectingChannel.Faults();
        FsyncGate gate = new FsyncGate();
        gate.install(faults);
        LogConfig cfg = config(dir).withForceSync(true).withChannelFactory(faults).withQueueBounds(1 << 20, 4, 100);
        try (SegmentedLog log = SegmentedLog.open(cfg)) {
            List<CompletableFuture<Long>> accepted = new ArrayList<>();
            accepted.add(log.append(record("a", 1)));
            assertTrue(gate.entered.await(10, TimeUnit.SECONDS));
            for (long seq = 2; seq <= 5; seq++) {
                accepted.add(log.append(record("a", seq)));
            }
            CompletionException e = assertThrows(CompletionException.class, () -> log.append(record("a", 6)).join());
            assertInstanceOf(LogOverloadedException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("stayed full"), e.getCause().getMessage());
            gate.release.countDown();
            accepted.forEach(CompletableFuture::join);
            log.append(record("a", 6)).join();
            assertEquals(6, replayAll(log, "a").size());
        }
    }

    @Test
    void queueByteBound_holdsBackLargeAppendsUntilTheWriterCatchesUp() throws Exception {
        FaultInjectingChannel.Faults faults = new FaultInjectingChannel.Faults();
        FsyncGate gate = new FsyncGate();
        gate.install(faults);
        LogConfig cfg = config(dir).withForceSync(true).withChannelFactory(faults)
                .withQueueBounds(3000, 1000, 10_000);
        try (SegmentedLog log = SegmentedLog.open(cfg)) {
            CompletableFuture<Long> first = log.append(record("a", 1, 2000));
            assertTrue(gate.entered.await(10, TimeUnit.SECONDS));
            CompletableFuture<CompletableFuture<Long>> second =
                    CompletableFuture.supplyAsync(() -> log.append(record("a", 2, 2000)));
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
            gate.release.countDown();
            first.join();
            second.get(10, TimeUnit.SECONDS).join();
            assertEquals(2, replayAll(log, "a").size());
        }
    }
}
