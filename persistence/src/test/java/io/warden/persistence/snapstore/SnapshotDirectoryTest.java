package io.warden.persistence.snapstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.persistence.snapstore.SnapshotHeader.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotDirectoryTest {

    @TempDir
    Path dir;

    private static SnapshotHeader header(String pid, long seq, long ts) {
        return new SnapshotHeader(pid, seq, ts, Format.SERIALIZED, 42, "m");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void savedSnapshot_validatesAndReadsBack_newestFirst() throws Exception {
        SnapshotDirectory snaps = new SnapshotDirectory(dir);
        snaps.save(header("p", 5, 100), out -> out.write(bytes("five")));
        snaps.save(header("p", 10, 200), out -> out.write(bytes("ten")));
        snaps.save(header("q", 7, 300), out -> out.write(bytes("other")));
        List<SnapshotDirectory.Entry> entries = snaps.list("p");
        assertEquals(List.of(10L, 5L), entries.stream().map(SnapshotDirectory.Entry::sequenceNr).toList());
        SnapshotDirectory.Validated v = snaps.validate(entries.get(0));
        assertEquals(header("p", 10, 200), v.header());
        assertArrayEquals(bytes("ten"), snaps.readBody(v));
    }

    @Test
    void awkwardPersistenceIds_roundTripThroughFileNames() throws Exception {
        SnapshotDirectory snaps = new SnapshotDirectory(dir);
        String weird = "a-b/c d%é-1-2";
        String longPid = "x".repeat(400);
        snaps.save(header(weird, 3, 4), out -> out.write(1));
        snaps.save(header(longPid, 3, 4), out -> out.write(2));
        assertEquals(weird, snaps.validate(snaps.list(weird).get(0)).header().persistenceId());
        assertEquals(longPid, snaps.validate(snaps.list(longPid).get(0)).header().persistenceId());
        assertEquals(1, snaps.list(weird).size());
        assertEquals(List.of(), snaps.list("a-b/c d%é-1"), "a prefix of the id must not match");
    }

    @Test
    void truncatedSnapshot_isRejectedAsCorrupt() throws Exception {
        SnapshotDirectory snaps = new SnapshotDirectory(dir);
        Path file = snaps.save(header("p", 5, 1), out -> out.write(new byte[10_000]));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 100);
        }
        SnapshotCorruptedException e = assertThrows(SnapshotCorruptedException.class,
                () -> snaps.validate(snaps.list("p").get(0)));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());
    }

    @Test
    void flippedBitInTheBody_isRejectedAsCorrupt() throws Exception {
        SnapshotDirectory snaps = new SnapshotDirectory(dir);
        Path file = snaps.save(header("p", 5, 1), out -> out.write(new byte[10_000]));
        flip(file, 5000);
        SnapshotCorruptedException e = assertThrows(SnapshotCorruptedException.class,
                () -> snaps.validate(snaps.list("p").get(0)));
        assertTrue(e.getMessage().contains("body fails its CRC32C"), e.getMessage());
    }

    @Test
    void flippedBitInTheHeader_isRejectedAsCorrupt() throws Exception {
        SnapshotDirectory snaps = new SnapshotDirectory(dir);
        Path file = snaps.save(header("p", 5, 1), out -> out.write(new byte[100]));
        flip(file, 20);
        SnapshotCorruptedException e = assertThrows(SnapshotCorruptedException.class,
                () -> snaps.validate(snaps.list("p").get(0)));
        assertTrue(e.getMessage().contains("header"), e.getMessage());
    }

    @Test
    void fileRenamedToAnotherIdentity_isRejected() throws Exception {
        SnapshotDirectory snaps = new SnapshotDirectory(dir);
        Path file = snaps.save(header("p", 5, 1), out -> out.write(1));
        Files.move(file, dir.resolve(SnapshotFileFormat.fileName("p", 6, 1)));
        assertThrows(SnapshotCorruptedException.class, () -> snaps.validate(snaps.list("p").get(0)));
    }

    @Test
    void failedSave_leavesNoFile_andLeftoverTempFilesAreRemovedOnOpen() throws Exception {
        SnapshotDirectory snaps = new SnapshotDirectory(dir);
        assertThrows(IOException.class, () -> snaps.save(header("p", 5, 1), out -> {
            out.write(1);
            throw new IOException("writer broke");
        }));
        assertEquals(List.of(), snaps.list("p"));
        Files.write(dir.resolve(SnapshotFileFormat.fileName("p", 9, 9) + ".123.tmp"), new byte[3]);
        new SnapshotDirectory(dir);
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")));
        }
    }

    @Test
    void largeStreamedBody_isWrittenAndReadInChunks() throws Exception {
        SnapshotDirectory snaps = new SnapshotDirectory(dir);
        long size = 24L * 1024 * 1024;
        CRC32C written = new CRC32C();
        snaps.save(new SnapshotHeader("big", 1, 1, Format.STREAMED, 0, "blob"), out -> {
            SplittableRandom r = new SplittableRandom(7);
            byte[] chunk = new byte[64 * 1024];
            for (long done = 0; done < size; done += chunk.length) {
                r.nextBytes(chunk);
                written.update(chunk);
                out.write(chunk);
            }
        });
        SnapshotDirectory.Validated v = snaps.validate(snaps.list("big").get(0));
        assertEquals(size, v.bodyLength());
        CRC32C read = new CRC32C();
        try (InputStream in = snaps.openBody(v)) {
            byte[] buf = new byte[100_000];
            for (int n; (n = in.read(buf)) > 0; ) {
                read.update(buf, 0, n);
            }
        }
        assertEquals(written.getValue(), read.getValue());
    }

    private static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x10);
        }
    }
}
