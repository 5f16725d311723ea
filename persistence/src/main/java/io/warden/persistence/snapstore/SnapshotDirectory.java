package io.warden.persistence.snapstore;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import io.warden.persistence.fs.DurableDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Snapshot files in one directory (ZooKeeper's {@code dataDir}), one file per snapshot, in the
 * format of {@link SnapshotFileFormat}. Plain Java, no Pekko: {@link FileSnapshotStore} adds
 * serialization and the plugin protocol.
 *
 * <p>A save is crash-atomic: the file is written under a temporary name, fsynced, renamed into
 * place and the directory fsynced, so a snapshot either exists complete or not at all. A
 * snapshot is handed out only after its header CRC, its length and its body CRC checked out.
 */
public final class SnapshotDirectory {

    private static final int IO_BUFFER_BYTES = 1 << 20;

    /** Writes a snapshot body; must not close the stream. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A snapshot file as its name describes it; nothing has been read yet. */
    public record Entry(Path path, String pidName, long sequenceNr, long timestampMs) {
    }

    /** A snapshot file that passed every check; its body lies at {@code bodyOffset}. */
    public record Validated(Path path, SnapshotHeader header, long bodyOffset, long bodyLength) {
    }

    private final Path directory;

    /** Opens the directory, creating it, and removes temporary files of interrupted saves. */
    public SnapshotDirectory(Path directory) throws IOException {
        this.directory = directory;
        DurableDirectories.create(directory);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, "*" + SnapshotFileFormat.TEMP_SUFFIX)) {
            for (Path p : temps) {
                Files.deleteIfExists(p);
            }
        }
    }

    public Path directory() {
        return directory;
    }

    /** The entity's snapshots, newest (highest sequence number, then timestamp) first. */
    public List<Entry> list(String persistenceId) throws IOException {
        String pidName = SnapshotFileFormat.pidName(persistenceId);
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "snapshot-*.snap")) {
            for (Path p : dir) {
                Optional<SnapshotFileFormat.Name> name = SnapshotFileFormat.parseName(p.getFileName().toString());
                if (name.isPresent() && name.get().pidName().equals(pidName)) {
                    entries.add(new Entry(p, pidName, name.get().sequenceNr(), name.get().timestampMs()));
                }
            }
        }
        entries.sort(Comparator.comparingLong(Entry::sequenceNr).thenComparingLong(Entry::timestampMs).reversed());
        return entries;
    }

    /** Writes a snapshot durably and atomically; replaces one with the same identity. */
    public Path save(SnapshotHeader header, BodyWriter body) throws IOException {
        String name = SnapshotFileFormat.fileName(header.persistenceId(), header.sequenceNr(), header.timestampMs());
        Path target = directory.resolve(name);
        Path temp = directory.resolve(name + "." + UUID.randomUUID() + SnapshotFileFormat.TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), IO_BUFFER_BYTES);
            out.write(SnapshotFileFormat.encodeHeader(header).array());
            CrcCountingStream bodyOut = new CrcCountingStream(out);
            body.writeTo(bodyOut);
            ByteBuffer trailer = SnapshotFileFormat.encodeTrailer(bodyOut.count, (int) bodyOut.crc.getValue());
            out.write(trailer.array());
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory();
        return target;
    }

    /**
     * Checks header, name, length and body CRC.
     *
     * @throws SnapshotCorruptedException naming the problem when any check fails
     */
    public Validated validate(Entry entry) throws IOException {
        Path path = entry.path();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < SnapshotFileFormat.PREFIX_SIZE + 4 + SnapshotFileFormat.TRAILER_SIZE) {
                throw new SnapshotCorruptedException(path, "only " + size + " bytes long");
            }
            ByteBuffer prefix = read(channel, 0, SnapshotFileFormat.PREFIX_SIZE);
            String problem = SnapshotFileFormat.checkPrefix(prefix);
            if (problem != null) {
                throw new SnapshotCorruptedException(path, problem);
            }
            int headerSize = SnapshotFileFormat.PREFIX_SIZE + prefix.getInt(8) + 4;
            long bodyLength = size - headerSize - SnapshotFileFormat.TRAILER_SIZE;
            if (bodyLength < 0) {
                throw new SnapshotCorruptedException(path, "header of " + headerSize + " bytes does not fit in "
                        + size + " bytes");
            }
            SnapshotHeader header = decodeHeader(path, read(channel, 0, headerSize));
            checkIdentity(entry, header);
            ByteBuffer trailer = read(channel, size - SnapshotFileFormat.TRAILER_SIZE, SnapshotFileFormat.TRAILER_SIZE);
            if (trailer.getInt(12) != SnapshotFileFormat.END_MAGIC || trailer.getLong(0) != bodyLength) {
                throw new SnapshotCorruptedException(path, "no valid trailer: the file was cut short or overwritten");
            }
            if (bodyCrc(channel, headerSize, bodyLength) != trailer.getInt(8)) {
                throw new SnapshotCorruptedException(path, "body fails its CRC32C");
            }
            return new Validated(path, header, headerSize, bodyLength);
        }
    }

    private static SnapshotHeader decodeHeader(Path path, ByteBuffer whole) throws SnapshotCorruptedException {
        try {
            return SnapshotFileFormat.decodeHeader(whole);
        } catch (IllegalArgumentException e) {
            throw new SnapshotCorruptedException(path, e.getMessage());
        }
    }

    private static void checkIdentity(Entry entry, SnapshotHeader h) throws SnapshotCorruptedException {
        if (!SnapshotFileFormat.pidName(h.persistenceId()).equals(entry.pidName())
                || h.sequenceNr() != entry.sequenceNr() || h.timestampMs() != entry.timestampMs()) {
            throw new SnapshotCorruptedException(entry.path(), "header says " + h.persistenceId() + "#"
                    + h.sequenceNr() + "@" + h.timestampMs() + ", which does not match the file name");
        }
    }

    /** The whole body of a validated snapshot as one array (for serializer output). */
    public byte[] readBody(Validated snapshot) throws IOException {
        if (snapshot.bodyLength() > Integer.MAX_VALUE - 16) {
            throw new IOException("snapshot " + snapshot.path() + " has a body of " + snapshot.bodyLength()
                    + " bytes, too large for one array; save such state as a StreamableSnapshot");
        }
        try (FileChannel channel = FileChannel.open(snapshot.path(), StandardOpenOption.READ)) {
            return read(channel, snapshot.bodyOffset(), (int) snapshot.bodyLength()).array();
        }
    }

    /** A buffered stream over the body of a validated snapshot; the caller closes it. */
    public InputStream openBody(Validated snapshot) throws IOException {
        FileChannel channel = FileChannel.open(snapshot.path(), StandardOpenOption.READ);
        channel.position(snapshot.bodyOffset());
        return new BufferedInputStream(new BoundedInputStream(Channels.newInputStream(channel), snapshot.bodyLength()),
                IO_BUFFER_BYTES);
    }

    /** Deletes the files and makes the deletion durable. */
    public void delete(List<Entry> entries) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        for (Entry e : entries) {
            Files.deleteIfExists(e.path());
        }
        fsyncDirectory();
    }

    private void fsyncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static ByteBuffer read(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, offset + buf.position()) < 0) {
                throw new EOFException("end of file at " + (offset + buf.position()));
            }
        }
        return buf.flip();
    }

    private static int bodyCrc(FileChannel channel, long offset, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(IO_BUFFER_BYTES);
        for (long done = 0; done < length; ) {
            buf.clear().limit((int) Math.min(IO_BUFFER_BYTES, length - done));
            int n = channel.read(buf, offset + done);
            if (n < 0) {
                throw new EOFException("end of file inside the snapshot body");
            }
            crc.update(buf.flip());
            done += n;
        }
        return (int) crc.getValue();
    }

    /** Computes the body's CRC and length on the way out; ignores close (the store owns the file). */
    private static final class CrcCountingStream extends FilterOutputStream {
        final CRC32C crc = new CRC32C();
        long count;

        CrcCountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            crc.update(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Ends after {@code remaining} bytes and closes the channel below when closed. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
