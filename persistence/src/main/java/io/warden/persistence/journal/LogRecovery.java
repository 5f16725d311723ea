package io.warden.persistence.journal;

import io.warden.persistence.journal.FrameReader.Frame;
import io.warden.persistence.journal.FrameReader.Invalid;
import io.warden.persistence.fs.DurableDirectories;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the {@link LogIndex} from the segment files and repairs the one thing a crash can
 * leave behind: a torn tail in the last segment.
 *
 * <p>The rules, in order of what the writer guarantees: the writer fsyncs one frame at a time
 * and forces a segment before starting the next, so (1) a segment that is not the last must
 * end cleanly at a zero header, and its successor must start at the next log index; (2) only
 * the last frame of the last segment may be torn; (3) a torn write leaves a frame header
 * either intact or zero (8-aligned headers never straddle a sector), and leaves the frame's
 * end mark zero (a write cut short) or one 512-byte sector of it zero (sectors persisted out
 * of order), because segments are zero-filled before use; and a frame runs past the end of
 * its file only when the file was cut short, never in a full-size segment. Anything that breaks
 * these rules is corruption of data that may have been acknowledged, and start-up stops with
 * {@link LogCorruptedException} naming file and offset. With forceSync off an OS crash may
 * persist frames out of order, so rule (2) is relaxed: everything after the first bad frame of
 * the last segment is cut, with a warning.
 */
final class LogRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);
    private static final int SECTOR_BYTES = 512;
    private static final int SCAN_CHUNK_BYTES = 1 << 20;

    /** The rebuilt index and the log index the next entry will get. */
    record Recovered(LogIndex index, long nextLogIndex) {
    }

    private final LogConfig config;
    private final boolean acceptMissingSegments;

    private LogRecovery(LogConfig config, boolean acceptMissingSegments) {
        this.config = config;
        this.acceptMissingSegments = acceptMissingSegments;
    }

    static Recovered recover(LogConfig config) throws IOException {
        return new LogRecovery(config, false).run();
    }

    /**
     * As {@link #recover}, but a segment missing between two others is not refused: the segments
     * after it are indexed too. Only for the start-up continuity check, which reads both sides of
     * the hole to name the txns it lost and then refuses, or sets the far side aside.
     */
    static Recovered recoverAcceptingMissingSegments(LogConfig config) throws IOException {
        return new LogRecovery(config, true).run();
    }

    private Recovered run() throws IOException {
        DurableDirectories.create(config.directory());
        Files.deleteIfExists(config.directory().resolve(LogFormat.SPARE_NAME));
        TreeMap<Long, Path> files = listSegments();
        LogIndex index = new LogIndex();
        long expected = -1;
        Path previous = null;
        int remaining = files.size();
        for (var e : files.entrySet()) {
            long nameIndex = e.getKey();
            if (expected >= 0 && nameIndex != expected && !acceptMissingSegments) {
                Segment last = index.lastSegment();
                throw new LogCorruptedException(previous, last.endOffset(), "the segment ends with log index "
                        + (expected - 1) + " but the next segment " + e.getValue().getFileName()
                        + " starts at " + nameIndex + ": entries are missing");
            }
            Segment segment = scan(e.getValue(), nameIndex, --remaining == 0, index);
            expected = segment.lastLogIndex() + 1;
            previous = e.getValue();
        }
        return new Recovered(index, files.isEmpty() ? 1 : expected);
    }

    private TreeMap<Long, Path> listSegments() throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(config.directory())) {
            for (Path p : dir) {
                OptionalLong first = LogFormat.parseSegmentName(p.getFileName().toString());
                if (first.isPresent()) {
                    files.put(first.getAsLong(), p);
                }
            }
        }
        return files;
    }

    private Segment scan(Path path, long nameIndex, boolean last, LogIndex index) throws IOException {
        try (FileChannel channel = config.channelFactory().open(path, StandardOpenOption.READ)) {
            long limit = channel.size() & -LogFormat.ALIGNMENT;
            checkHeader(channel, path);
            Segment segment = new Segment(path, nameIndex, limit);
            index.addSegment(segment);
            FrameReader reader = new FrameReader(channel, LogFormat.SEGMENT_HEADER_SIZE, limit,
                    maxBodyLength(Math.max(limit, config.segmentSizeBytes())));
            Visitor visitor = new Visitor(index, segment);
            while (true) {
                FrameReader.Result next = reader.next();
                if (next instanceof Frame f) {
                    visitor.frame(path, f.offset());
                    apply(path, f, segment, visitor);
                } else if (next instanceof Invalid bad) {
                    if (last) {
                        repairTail(channel, path, bad, segment.lastLogIndex(), limit);
                    } else if (bad.problem() != FrameReader.Problem.ZERO_HEADER) {
                        throw new LogCorruptedException(path, bad.offset(), describe(bad)
                                + " in a segment that is not the last, so it is not a torn write");
                    }
                    return segment;
                } else {
                    return segment;
                }
            }
        }
    }

    private static void checkHeader(FileChannel channel, Path path) throws IOException {
        if (channel.size() < LogFormat.SEGMENT_HEADER_SIZE) {
            throw new LogCorruptedException(path, 0, "file is " + channel.size()
                    + " bytes, shorter than the segment header");
        }
        ByteBuffer header = ByteBuffer.allocate(LogFormat.SEGMENT_HEADER_SIZE);
        FrameReader.readFully(channel, header, 0, LogFormat.SEGMENT_HEADER_SIZE);
        String problem = LogFormat.checkSegmentHeader(header.flip());
        if (problem != null) {
            throw new LogCorruptedException(path, 0, problem);
        }
    }

    private static void apply(Path path, Frame frame, Segment segment, Visitor visitor) throws LogException {
        long first = LogFormat.firstLogIndex(frame.body());
        long expected = segment.lastLogIndex() + 1;
        if (first != expected) {
            throw new LogCorruptedException(path, frame.offset(), "frame starts at log index " + first
                    + " but log index " + expected + " was expected");
        }
        try {
            LogFormat.decodeBody(frame.body(), visitor);
        } catch (LogFormat.MalformedFrameException e) {
            throw new LogCorruptedException(path, frame.offset(), "frame passed its CRC but is malformed: "
                    + e.getMessage());
        }
        segment.advance(frame.nextOffset(), first + LogFormat.entryCount(frame.body()) - 1);
    }

    private void repairTail(FileChannel channel, Path path, Invalid bad, long lastLogIndex, long limit)
            throws IOException {
        boolean mayBeTorn = switch (bad.problem()) {
            case ZERO_HEADER -> true;
            // the writer never starts a frame that does not fit its preallocated segment, so a frame
            // running past the end of a full-size file is a damaged header; only a file cut short
            // (smaller than a segment) can end inside a frame that was being written
            case TRUNCATED -> limit < config.segmentSizeBytes();
            case BAD_LENGTH -> false;
            case CRC_MISMATCH -> {
                long end = bad.offset() + LogFormat.FRAME_HEADER_SIZE + bad.claimedBodyLength();
                yield byteAt(channel, end - 1) == 0 || hasZeroSector(channel, bad.offset(), end);
            }
        };
        if (!mayBeTorn) {
            throw new LogCorruptedException(path, bad.offset(), describe(bad) + (bad.problem() == FrameReader.Problem.TRUNCATED
                    ? " in a full-size segment (" + limit + " bytes) the writer never overruns, so it is damage, not a torn write"
                    : "; its end mark and every sector of it were written, so it is damage, not a torn write"));
        }
        long from = bad.offset() + LogFormat.FRAME_HEADER_SIZE;
        TailScan tail = scanTail(channel, from, limit, lastLogIndex);
        if (tail.laterFrameOffset() >= 0) {
            if (config.forceSync()) {
                throw new LogCorruptedException(path, bad.offset(), describe(bad) + ", yet a valid frame follows at "
                        + "offset " + tail.laterFrameOffset() + ": acknowledged data is damaged");
            }
            LOG.warn("Journal {}: {} at offset {} is followed by a valid frame at offset {}; forceSync is off, "
                    + "so frames the OS never flushed may be missing. Cutting everything from offset {}.",
                    path, describe(bad), bad.offset(), tail.laterFrameOffset(), bad.offset());
        }
        long dirtyEnd = Math.max(tail.nonZeroEnd(), bad.problem() == FrameReader.Problem.ZERO_HEADER ? 0 : from);
        if (dirtyEnd > bad.offset()) {
            LOG.warn("Journal {}: cutting a torn tail at offset {} ({}; {} bytes after the last complete frame "
                    + "were never acknowledged)", path, bad.offset(), describe(bad), dirtyEnd - bad.offset());
            zeroFill(path, bad.offset(), dirtyEnd);
        }
    }

    /**
     * Largest body a segment of this size can hold. Callers pass the larger of file size and
     * configured size: segment-size may have changed since the file was written, and a file
     * cut short must still show its last frame as truncated, not as impossible.
     */
    static int maxBodyLength(long segmentBytes) {
        return (int) Math.min(Integer.MAX_VALUE,
                Math.max(0, segmentBytes - LogFormat.SEGMENT_HEADER_SIZE - LogFormat.FRAME_HEADER_SIZE));
    }

    private static String describe(Invalid bad) {
        return switch (bad.problem()) {
            case ZERO_HEADER -> "a zero frame header";
            case TRUNCATED -> "a frame of " + bad.claimedBodyLength() + " body bytes cut short by the end of the file";
            case BAD_LENGTH -> "a frame header with impossible body length " + bad.claimedBodyLength();
            case CRC_MISMATCH -> "a frame of " + bad.claimedBodyLength() + " body bytes that fails its CRC32C";
        };
    }

    private static byte byteAt(FileChannel channel, long offset) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        FrameReader.readFully(channel, one, offset, 1);
        return one.get(0);
    }

    /** True when some 512-byte sector's share of {@code [start, end)} is all zero bytes. */
    private static boolean hasZeroSector(FileChannel channel, long start, long end) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SECTOR_BYTES);
        for (long sector = start - start % SECTOR_BYTES; sector < end; sector += SECTOR_BYTES) {
            long from = Math.max(start, sector);
            long to = Math.min(end, sector + SECTOR_BYTES);
            buf.clear().limit((int) (to - from));
            FrameReader.readFully(channel, buf, from, buf.limit());
            boolean zero = true;
            for (int i = 0; i < buf.limit() && zero; i++) {
                zero = buf.get(i) == 0;
            }
            if (zero) {
                return true;
            }
        }
        return false;
    }

    /** Where the bytes after a bad frame stop being non-zero, and whether a valid frame hides there. */
    private record TailScan(long laterFrameOffset, long nonZeroEnd) {
    }

    private TailScan scanTail(FileChannel channel, long from, long limit, long lastLogIndex) throws IOException {
        long laterFrame = -1;
        long nonZeroEnd = -1;
        ByteBuffer chunk = ByteBuffer.allocate(SCAN_CHUNK_BYTES);
        for (long base = from; base < limit; base += SCAN_CHUNK_BYTES) {
            chunk.clear().limit((int) Math.min(SCAN_CHUNK_BYTES, limit - base));
            FrameReader.readFully(channel, chunk, base, chunk.limit());
            for (int i = 0; i + 8 <= chunk.limit(); i += 8) {
                if (chunk.getLong(i) == 0) {
                    continue;
                }
                nonZeroEnd = base + i + 8;
                if (laterFrame < 0 && isFrameAt(channel, base + i, limit, lastLogIndex)) {
                    laterFrame = base + i;
                }
            }
        }
        return new TailScan(laterFrame, nonZeroEnd);
    }

    /** Cheap checks first (length, log index range) so garbage rarely costs a CRC. */
    private boolean isFrameAt(FileChannel channel, long offset, long limit, long lastLogIndex) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(LogFormat.FRAME_HEADER_SIZE + LogFormat.BODY_HEADER_SIZE);
        if (offset + head.capacity() > limit) {
            return false;
        }
        FrameReader.readFully(channel, head, offset, head.capacity());
        int bodyLength = head.getInt(0);
        long firstLogIndex = head.getLong(8);
        int count = head.getInt(16);
        boolean plausible = bodyLength >= LogFormat.BODY_OVERHEAD && bodyLength <= maxBodyLength(Math.max(limit, config.segmentSizeBytes()))
                && offset + LogFormat.FRAME_HEADER_SIZE + bodyLength <= limit
                && firstLogIndex > lastLogIndex && firstLogIndex - lastLogIndex <= limit / 8
                && count >= 1 && count <= bodyLength / 8;
        if (!plausible) {
            return false;
        }
        ByteBuffer body = ByteBuffer.allocate(bodyLength);
        FrameReader.readFully(channel, body, offset + LogFormat.FRAME_HEADER_SIZE, bodyLength);
        return LogFormat.crc(body.flip()) == head.getInt(4);
    }

    private void zeroFill(Path path, long from, long to) throws IOException {
        try (FileChannel channel = config.channelFactory().open(path, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(SCAN_CHUNK_BYTES, to - from));
            for (long at = from; at < to; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), to - at));
                at += channel.write(zeros, at);
            }
            channel.force(false);
        }
    }

    /** Feeds one segment's entries into the index, checking that sequence numbers only grow. */
    private static final class Visitor implements LogFormat.EntryVisitor {
        private final LogIndex index;
        private final Segment segment;
        private Path path;
        private long frameOffset;

        Visitor(LogIndex index, Segment segment) {
            this.index = index;
            this.segment = segment;
        }

        void frame(Path file, long offset) {
            this.path = file;
            this.frameOffset = offset;
        }

        @Override
        public void append(long logIndex, String persistenceId, long sequenceNr, ByteBuffer data)
                throws LogException {
            long highest = index.entity(persistenceId).highestSeqNr();
            if (sequenceNr <= highest) {
                throw new LogCorruptedException(path, frameOffset, "log index " + logIndex + " appends "
                        + persistenceId + "#" + sequenceNr + " after #" + highest
                        + "; the writer never lets sequence numbers go back");
            }
            index.applyAppend(segment, persistenceId, sequenceNr);
        }

        @Override
        public void deleteTo(long logIndex, String persistenceId, long toSequenceNr) {
            index.applyDeleteTo(segment, persistenceId, toSequenceNr);
        }
    }
}
