package io.warden.persistence.journal;

import static io.warden.persistence.journal.LogFixtures.config;
import static io.warden.persistence.journal.LogFixtures.frameOffsets;
import static io.warden.persistence.journal.LogFixtures.record;
import static io.warden.persistence.journal.LogFixtures.replayAll;
import static io.warden.persistence.journal.LogFixtures.segments;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each test damages the files the way a crash or a bad disk would, then reopens. */
class LogRecoveryFaultTest {

    @TempDir
    Path dir;

    /** Ten records, one frame each; the last one big enough to span several sectors. */
    private Path writeTen() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            for (long seq = 1; seq <= 9; seq++) {
                log.append(record("a", seq)).join();
            }
            log.append(record("a", 10, 5000)).join();
        }
        return segments(dir).get(0);
    }

    private static LogConfig strict(Path dir) {
        return config(dir).withForceSync(true);
    }

    @Test
    void tornTail_partialLastRecord_isCut_andReplayReturnsExactlyTheCompleteRecords() throws Exception {
        Path segment = writeTen();
        long last = frameOffsets(segment).get(9);
        long tornFrom = (last + 2048) / 512 * 512;
        LogFixtures.overwrite(segment, tornFrom, new byte[(int) (last + 8 + 5100 - tornFrom)]);

        try (SegmentedLog log = SegmentedLog.open(strict(dir))) {
            assertEquals(SegmentedLogTest.expected("a", LongStream.rangeClosed(1, 9)), replayAll(log, "a"));
            assertEquals(9, log.highestSequenceNr("a"));
            log.append(record("a", 10, 77)).join();
        }
        assertArrayEquals(new byte[16], LogFixtures.read(segment, LogFixtures.dataEnd(segment), 16),
                "the cut tail was zero-filled");
        try (SegmentedLog log = SegmentedLog.open(strict(dir))) {
            List<LogRecord> all = replayAll(log, "a");
            assertEquals(10, all.size());
            assertEquals(record("a", 10, 77), all.get(9));
        }
    }

    @Test
    void tornTail_fileCutShortInsideTheLastRecord_isCut() throws Exception {
        Path segment = writeTen();
        long last = frameOffsets(segment).get(9);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(last + 1000);
        }
        try (SegmentedLog log = SegmentedLog.open(strict(dir))) {
            assertEquals(9, replayAll(log, "a").size());
            log.append(record("a", 10, 5000)).join();
            log.append(record("a", 11)).join();
        }
        try (SegmentedLog log = SegmentedLog.open(strict(dir))) {
            assertEquals(SegmentedLogTest.expected("a", LongStream.rangeClosed(1, 11))
                    .stream().map(LogRecord::sequenceNr).toList(),
                    replayAll(log, "a").stream().map(LogRecord::sequenceNr).toList());
        }
    }

    @Test
    void tornTail_headerSectorNeverWritten_isCutAndZeroFilled() throws Exception {
        Path segment = writeTen();
        long last = frameOffsets(segment).get(9);
        long sectorEnd = (last / 512 + 1) * 512;
        LogFixtures.overwrite(segment, last, new byte[(int) (sectorEnd - last)]);
        try (SegmentedLog log = SegmentedLog.open(strict(dir))) {
            assertEquals(9, replayAll(log, "a").size());
        }
        assertArrayEquals(new byte[5100], LogFixtures.read(segment, last, 5100));
    }

    @Test
    void flippedBitInTheMiddleOfASegment_stopsOpen_namingFileAndOffset() throws Exception {
        Path segment = writeTen();
        long fifth = frameOffsets(segment).get(4);
        LogFixtures.flipBit(segment, fifth + 40, 3);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> SegmentedLog.open(config(dir)));
        assertEquals(segment, e.file());
        assertEquals(fifth, e.offset());
        assertTrue(e.getMessage().contains(segment.toString()) && e.getMessage().contains("offset " + fifth),
                e.getMessage());
    }

    @Test
    void flippedBitInTheLengthOfAMiddleRecord_stopsOpen() throws Exception {
        Path segment = writeTen();
        long fifth = frameOffsets(segment).get(4);
        LogFixtures.flipBit(segment, fifth + 2, 1);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> SegmentedLog.open(config(dir)));
        assertEquals(fifth, e.offset());
    }

    @Test
    void frameLengthRunningPastTheEndOfAFullSizeSegment_stopsOpen_becauseTheWriterNeverWritesSuchAFrame()
            throws Exception {
        Path segment = writeTen();
        assertEquals(LogFixtures.SMALL_SEGMENT, Files.size(segment), "segments are preallocated to full size");
        long last = frameOffsets(segment).get(9);
        // a possible body length (it fits an empty segment) whose frame would end past this file
        int pastTheEnd = (int) (LogFixtures.SMALL_SEGMENT - last);
        LogFixtures.overwrite(segment, last, java.nio.ByteBuffer.allocate(4).putInt(pastTheEnd).array());
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> SegmentedLog.open(config(dir)));
        assertEquals(last, e.offset());
        assertTrue(e.getMessage().contains("not a torn write"), e.getMessage());
    }

    @Test
    void flippedBitInTheLastAcknowledgedRecord_stopsOpen_becauseEverySectorOfItWasWritten() throws Exception {
        Path segment = writeTen();
        long last = frameOffsets(segment).get(9);
        LogFixtures.flipBit(segment, last + 3000, 0);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> SegmentedLog.open(strict(dir)));
        assertEquals(last, e.offset());
        assertTrue(e.getMessage().contains("not a torn write"), e.getMessage());
    }

    @Test
    void lostSectorUnderAnEarlierRecord_stopsOpen_whenForceSyncIsOn() throws Exception {
        Path segment = writeTen();
        long ninth = frameOffsets(segment).get(8);
        long tenth = frameOffsets(segment).get(9);
        LogFixtures.overwrite(segment, ninth, new byte[(int) (tenth - ninth)]);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> SegmentedLog.open(strict(dir)));
        assertEquals(ninth, e.offset());
        assertTrue(e.getMessage().contains("valid frame follows"), e.getMessage());
    }

    @Test
    void lostSectorUnderAnEarlierRecord_isCutWithAWarning_whenForceSyncIsOff() throws Exception {
        Path segment = writeTen();
        long ninth = frameOffsets(segment).get(8);
        long tenth = frameOffsets(segment).get(9);
        LogFixtures.overwrite(segment, ninth, new byte[(int) (tenth - ninth)]);
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            assertEquals(8, replayAll(log, "a").size());
        }
    }

    @Test
    void flippedBitInASegmentThatIsNotTheLast_stopsOpen() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            for (long seq = 1; seq <= 400; seq++) {
                log.append(record("a", seq)).join();
            }
        }
        Path first = segments(dir).get(0);
        List<Long> frames = frameOffsets(first);
        long lastOfFirst = frames.get(frames.size() - 1);
        LogFixtures.flipBit(first, lastOfFirst + 30, 5);
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> SegmentedLog.open(config(dir)));
        assertEquals(first, e.file());
        assertEquals(lastOfFirst, e.offset());
    }

    @Test
    void missingMiddleSegment_stopsOpen() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(config(dir))) {
            for (long seq = 1; seq <= 700; seq++) {
                log.append(record("a", seq)).join();
            }
        }
        List<Path> segs = segments(dir);
        assertTrue(segs.size() >= 3, "segments: " + segs);
        Files.delete(segs.get(1));
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> SegmentedLog.open(config(dir)));
        assertEquals(segs.get(0), e.file());
        assertTrue(e.getMessage().contains("entries are missing"), e.getMessage());
    }

    @Test
    void unknownSegmentHeader_stopsOpen() throws Exception {
        Path segment = writeTen();
        LogFixtures.overwrite(segment, 0, "XXXX".getBytes());
        LogCorruptedException e = assertThrows(LogCorruptedException.class, () -> SegmentedLog.open(config(dir)));
        assertEquals(0, e.offset());
    }
}
