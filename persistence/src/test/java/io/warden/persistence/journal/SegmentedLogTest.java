package io.warden.persistence.journal;

import static io.warden.persistence.journal.LogFixtures.config;
import static io.warden.persistence.journal.LogFixtures.record;
import static io.warden.persistence.journal.LogFixtures.replayAll;
import static io.warden.persistence.journal.LogFixtures.segments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {

    @TempDir
    Path dir;

    @Test
    void appendedRecords_replayInOrder_perEntity() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            for (long seq = 1; seq <= 50; seq++) {
                log.append(record("a", seq)).join();
                log.append(record("b", seq * 2)).join();
            }
            assertEquals(expected("a", LongStream.rangeClosed(1, 50)), replayAll(log, "a"));
            assertEquals(expected("b", LongStream.rangeClosed(1, 50).map(s -> s * 2)), replayAll(log, "b"));
            assertEquals(50, log.highestSequenceNr("a"));
            assertEquals(100, log.highestSequenceNr("b"));
            assertEquals(0, log.highestSequenceNr("unknown"));
            assertEquals(List.of(), replayAll(log, "unknown"));
        }
    }

    @Test
    void replay_honoursFromToAndMax() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            for (long seq = 1; seq <= 30; seq++) {
                log.append(record("a", seq)).join();
            }
            List<LogRecord> out = new ArrayList<>();
            assertEquals(5, log.replay("a", 10, 20, 5, out::add));
            assertEquals(expected("a", LongStream.rangeClosed(10, 14)), out);
            out.clear();
            assertEquals(3, log.replay("a", 28, 100, 100, out::add));
            assertEquals(0, log.replay("a", 20, 10, 100, out::add));
            assertEquals(0, log.replay("a", 1, 30, 0, out::add));
        }
    }

    @Test
    void reopen_recoversEveryRecordAcrossManySegments() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            for (long seq = 1; seq <= 600; seq++) {
                log.append(record(seq % 3 == 0 ? "c" : "d", seq)).join();
            }
        }
        assertTrue(segments(dir).size() >= 3, "expected rollover, got " + segments(dir));
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            assertEquals(expected("c", LongStream.rangeClosed(1, 600).filter(s -> s % 3 == 0)), replayAll(log, "c"));
            assertEquals(expected("d", LongStream.rangeClosed(1, 600).filter(s -> s % 3 != 0)), replayAll(log, "d"));
            log.append(record("c", 601)).join();
        }
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            assertEquals(601, log.highestSequenceNr("c"));
        }
    }

    @Test
    void multiRecordAppend_isOneAtomicUnit() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            long last = log.append(List.of(record("a", 1), record("a", 2), record("a", 3))).join();
            assertEquals(3, last);
        }
        assertEquals(1, LogFixtures.frameOffsets(segments(dir).get(0)).size());
    }

    @Test
    void sequenceNumberThatDoesNotGrow_isRejected_andTheLogStaysUsable() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            log.append(record("a", 5)).join();
            CompletionException e = assertThrows(CompletionException.class, () -> log.append(record("a", 5)).join());
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("must grow"), e.getCause().getMessage());
            assertThrows(CompletionException.class,
                    () -> log.append(List.of(record("a", 7), record("a", 6))).join());
            log.append(record("a", 6)).join();
            assertEquals(List.of(5L, 6L), replayAll(log, "a").stream().map(LogRecord::sequenceNr).toList());
        }
    }

    @Test
    void recordTooLargeForASegment_isRejectedWithClearError() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> log.append(record("a", 1, (int) LogFixtures.SMALL_SEGMENT)).join());
            assertTrue(e.getCause().getMessage().contains("holds at most"), e.getCause().getMessage());
            log.append(record("a", 1, (int) LogFixtures.SMALL_SEGMENT / 2)).join();
        }
    }

    @Test
    void partialDeletion_isRememberedAfterRestart() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            for (long seq = 1; seq <= 20; seq++) {
                log.append(record("a", seq)).join();
            }
            assertEquals(7, log.deleteTo("a", 7).join());
            assertEquals(expected("a", LongStream.rangeClosed(8, 20)), replayAll(log, "a"));
        }
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            assertEquals(7, log.deletedToSequenceNr("a"));
            assertEquals(expected("a", LongStream.rangeClosed(8, 20)), replayAll(log, "a"));
            assertEquals(7, log.deleteTo("a", 3).join(), "a deletion never moves the watermark back");
        }
    }

    @Test
    void deletingEverything_keepsTheHighestSequenceNumber_andLaterAppendsLive() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            for (long seq = 1; seq <= 5; seq++) {
                log.append(record("a", seq)).join();
            }
            assertEquals(5, log.deleteTo("a", Long.MAX_VALUE).join());
            log.append(record("a", 6)).join();
        }
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            assertEquals(6, log.highestSequenceNr("a"));
            assertEquals(expected("a", LongStream.of(6)), replayAll(log, "a"));
        }
    }

    @Test
    void deletion_removesWholeRedundantSegments_andCarriesOldMarkersForward() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            log.append(record("b", 1)).join();
            log.deleteTo("b", 1).join();
            for (long seq = 1; seq <= 800; seq++) {
                log.append(record("a", seq)).join();
            }
            int before = segments(dir).size();
            assertTrue(before >= 4, "expected at least 4 segments, got " + before);
            log.deleteTo("a", 750).join();
            int after = segments(dir).size();
            assertEquals(1, after, "only the active segment holds live records");
            assertEquals(before - after, log.stats().segmentsDeleted());
            assertEquals(expected("a", LongStream.rangeClosed(751, 800)), replayAll(log, "a"));
        }
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            assertEquals(1, log.deletedToSequenceNr("b"), "b's marker was carried out of the deleted segment");
            assertEquals(1, log.highestSequenceNr("b"));
            assertEquals(List.of(), replayAll(log, "b"));
            assertEquals(expected("a", LongStream.rangeClosed(751, 800)), replayAll(log, "a"));
            assertEquals(800, log.highestSequenceNr("a"));
        }
    }

    @Test
    void closedLog_failsAppendsClearly() throws Exception {
        SegmentedLog log = SegmentedLog.open(config(dir));
        log.append(record("a", 1)).join();
        log.close();
        CompletionException e = assertThrows(CompletionException.class, () -> log.append(record("a", 2)).join());
        assertInstanceOf(LogClosedException.class, e.getCause());
        log.close();
    }

    @Test
    void replayedData_isByteForByteWhatWasAppended() throws Exception {
        LogRecord big = record("a", 1, 40_000);
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            log.append(big).join();
        }
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            assertArrayEquals(big.data(), replayAll(log, "a").get(0).data());
        }
    }

    static List<LogRecord> expected(String pid, LongStream seqs) {
        return seqs.mapToObj(s -> record(pid, s)).toList();
    }
}
