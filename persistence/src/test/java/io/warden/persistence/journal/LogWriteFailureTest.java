package io.warden.persistence.journal;

import static io.warden.persistence.journal.LogFixtures.config;
import static io.warden.persistence.journal.LogFixtures.record;
import static io.warden.persistence.journal.LogFixtures.replayAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that fills up or fails: the failing write and all later ones fail; acked data stays. */
class LogWriteFailureTest {

    @TempDir
    Path dir;

    /** Appends until one fails; returns what was acknowledged and checks the failure. */
    private List<LogRecord> appendUntilFailure(SegmentedLog log, String expectedCause) {
        List<LogRecord> acked = new ArrayList<>();
        for (long seq = 1; seq <= 10_000; seq++) {
            LogRecord r = record("a", seq);
            try {
                log.append(r).join();
                acked.add(r);
            } catch (CompletionException e) {
                LogPoisonedException poisoned = assertInstanceOf(LogPoisonedException.class, e.getCause());
                assertTrue(poisoned.getMessage().contains(expectedCause), poisoned.getMessage());
                return acked;
            }
        }
        throw new AssertionError("no write failed");
    }

    private static void assertEveryLaterWriteFails(SegmentedLog log, long nextSeq) {
        for (long seq = nextSeq; seq < nextSeq + 3; seq++) {
            long s = seq;
            CompletionException e = assertThrows(CompletionException.class, () -> log.append(record("a", s)).join());
            assertInstanceOf(LogPoisonedException.class, e.getCause());
        }
        CompletionException e = assertThrows(CompletionException.class, () -> log.deleteTo("a", 1).join());
        assertInstanceOf(LogPoisonedException.class, e.getCause());
    }

    @Test
    void fullDisk_failsTheWriteAndEveryLaterWrite_acknowledgedDataSurvivesReopen() throws Exception {
        FaultInjectingChannel.Faults faults = new FaultInjectingChannel.Faults();
        faults.writeBudgetBytes.set(2 * LogFixtures.SMALL_SEGMENT + 3000);
        List<LogRecord> acked;
        try (SegmentedLog log = SegmentedLog.open(config(dir).withForceSync(true).withChannelFactory(faults))) {
            acked = appendUntilFailure(log, "No space left on device");
            assertTrue(acked.size() >= 5, "acknowledged before the disk filled: " + acked.size());
            assertEveryLaterWriteFails(log, acked.size() + 2);
            assertTrue(log.failure() != null);
        }
        try (SegmentedLog log = SegmentedLog.open(config(dir).withForceSync(true))) {
            assertEquals(acked, replayAll(log, "a"));
            log.append(record("a", acked.size() + 1)).join();
        }
    }

    @Test
    void fullDiskWhenStartingANewSegment_failsTheWrite_andAcknowledgedDataSurvives() throws Exception {
        FaultInjectingChannel.Faults faults = new FaultInjectingChannel.Faults();
        faults.writeBudgetBytes.set(LogFixtures.SMALL_SEGMENT + 20_000);
        List<LogRecord> acked;
        try (SegmentedLog log = SegmentedLog.open(config(dir).withChannelFactory(faults))) {
            acked = appendUntilFailure(log, "No space left on device");
            assertEveryLaterWriteFails(log, acked.size() + 2);
        }
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            assertEquals(acked, replayAll(log, "a"));
        }
    }

    @Test
    void failedFsync_poisonsTheLog_andAcknowledgedDataSurvivesReopen() throws Exception {
        FaultInjectingChannel.Faults faults = new FaultInjectingChannel.Faults();
        faults.forcesBeforeFailure.set(8);
        List<LogRecord> acked;
        try (SegmentedLog log = SegmentedLog.open(config(dir).withForceSync(true).withChannelFactory(faults))) {
            acked = appendUntilFailure(log, "Input/output error");
            assertEveryLaterWriteFails(log, acked.size() + 2);
        }
        try (SegmentedLog log = SegmentedLog.open(config(dir).withForceSync(true))) {
            List<LogRecord> replayed = replayAll(log, "a");
            // The record whose fsync failed was never acknowledged: it may or may not be there.
            assertTrue(replayed.size() == acked.size() || replayed.size() == acked.size() + 1,
                    "replayed " + replayed.size() + ", acknowledged " + acked.size());
            assertEquals(acked, replayed.subList(0, acked.size()));
        }
    }

    @Test
    void anErrorOnTheWriterThread_poisonsTheLog_andNoWriteIsLeftWaiting() throws Exception {
        FaultInjectingChannel.Faults faults = new FaultInjectingChannel.Faults();
        java.util.concurrent.atomic.AtomicInteger forcesUntilError = new java.util.concurrent.atomic.AtomicInteger(-1);
        faults.beforeForce = () -> {
            if (forcesUntilError.getAndDecrement() == 0) {
                throw new OutOfMemoryError("simulated by the test");
            }
        };
        try (SegmentedLog log = SegmentedLog.open(config(dir).withForceSync(true).withChannelFactory(faults))) {
            // "m"'s deletion marker lives in the first segment, so removing that segment makes the
            // writer carry the marker forward (a write and an fsync inside segment retention)
            log.append(record("m", 1)).join();
            log.deleteTo("m", 1).join();
            for (long seq = 1; seq <= 500; seq++) {
                log.append(record("a", seq)).join();
            }
            assertTrue(LogFixtures.segments(dir).size() >= 3, "segments: " + LogFixtures.segments(dir));
            // the deletion's own fsync passes; the one carrying the marker forward throws an Error
            forcesUntilError.set(1);
            java.util.concurrent.ExecutionException deleteFailed = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> log.deleteTo("a", 500).get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertInstanceOf(LogPoisonedException.class, deleteFailed.getCause());
            assertTrue(deleteFailed.getCause().getMessage().contains("simulated by the test"),
                    deleteFailed.getCause().getMessage());
            java.util.concurrent.ExecutionException appendFailed = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> log.append(record("a", 501)).get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertInstanceOf(LogPoisonedException.class, appendFailed.getCause());
            assertTrue(log.failure() != null);
        }
    }
}
