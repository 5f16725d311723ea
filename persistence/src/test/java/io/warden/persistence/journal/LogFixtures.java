package io.warden.persistence.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Shared helpers for log tests: small segments, deterministic record content, file surgery. */
final class LogFixtures {

    static final long SMALL_SEGMENT = 64 * 1024;

    private LogFixtures() {
    }

    static LogConfig config(Path dir) {
        return LogConfig.defaults(dir).withSegmentSizeBytes(SMALL_SEGMENT).withForceSync(false);
    }

    /** Content derived from (pid, seq) only, so any process can check it. */
    static byte[] content(String pid, long seq, int length) {
        SplittableRandom r = new SplittableRandom(pid.hashCode() * 1_000_003L + seq);
        byte[] b = new byte[length];
        r.nextBytes(b);
        return b;
    }

    static LogRecord record(String pid, long seq, int length) {
        return new LogRecord(pid, seq, content(pid, seq, length));
    }

    /** Lengths from 1 byte to several sectors, derived from (pid, seq) so a checker can recompute them. */
    static int crashRecordLength(String pid, long seq) {
        return 1 + new SplittableRandom(pid.hashCode() * 31L + seq * 7919L).nextInt(6000);
    }

    static LogRecord crashRecord(String pid, long seq) {
        return record(pid, seq, crashRecordLength(pid, seq));
    }

    static LogRecord record(String pid, long seq) {
        return record(pid, seq, 100 + (int) (seq % 300));
    }

    static List<LogRecord> replayAll(SegmentedLog log, String pid) throws IOException {
        List<LogRecord> out = new ArrayList<>();
        log.replay(pid, 1, Long.MAX_VALUE, Long.MAX_VALUE, out::add);
        return out;
    }

    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b, offset + b.position());
            }
        }
    }

    static byte[] read(Path file, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            FrameReader.readFully(ch, b, offset, length);
            return b.array();
        }
    }

    static void flipBit(Path file, long offset, int bit) throws IOException {
        byte[] b = read(file, offset, 1);
        b[0] ^= (byte) (1 << bit);
        overwrite(file, offset, b);
    }

    /** Offsets of the valid frames of a segment, in order. */
    static List<Long> frameOffsets(Path segment) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            FrameReader r = new FrameReader(ch, LogFormat.SEGMENT_HEADER_SIZE, ch.size(), Integer.MAX_VALUE - 64);
            while (r.next() instanceof FrameReader.Frame f) {
                offsets.add(f.offset());
            }
        }
        return offsets;
    }

    /** Offset just past the last valid frame of a segment. */
    static long dataEnd(Path segment) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            FrameReader r = new FrameReader(ch, LogFormat.SEGMENT_HEADER_SIZE, ch.size(), Integer.MAX_VALUE - 64);
            long end = LogFormat.SEGMENT_HEADER_SIZE;
            while (r.next() instanceof FrameReader.Frame f) {
                end = f.nextOffset();
            }
            return end;
        }
    }
}
