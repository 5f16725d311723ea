package io.warden.persistence.dump;

import io.warden.api.data.Zxid;
import io.warden.persistence.journal.LogConfig;
import io.warden.persistence.journal.SegmentedLog;
import io.warden.persistence.journal.SerializedEvent;
import io.warden.persistence.replica.ReplicaEvent;
import io.warden.persistence.replica.ReplicaEvent.CommitMarked;
import io.warden.persistence.replica.ReplicaEvent.EpochAccepted;
import io.warden.persistence.replica.ReplicaEvent.EpochCurrent;
import io.warden.persistence.replica.ReplicaEvent.ProposalsLogged;
import io.warden.persistence.replica.ReplicaEvent.TruncatedTo;
import io.warden.persistence.replica.ReplicaEventCodec;
import io.warden.persistence.replica.ReplicaLog;
import io.warden.persistence.replica.ReplicaSerializer;
import io.warden.persistence.replica.ReplicaSnapshot;
import io.warden.persistence.replica.ReplicaState;
import io.warden.persistence.snapstore.SnapshotDirectory;
import io.warden.persistence.snapstore.SnapshotHeader;
import io.warden.persistence.txn.Txn;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Prints a replica log human-readably, like ZooKeeper's LogFormatter: one line per journaled
 * event, one line per txn under it, then one line per snapshot with its header.
 *
 * <pre>
 * LogDump [--pid PERSISTENCE_ID] dataLogDir [dataDir]
 * </pre>
 * The directories are a node's own {@code dataLogDir} and {@code dataDir}, as the server leaves
 * them (segments in {@code dataLogDir/log}, snapshots in {@code dataDir/snapshots}), or those
 * inner folders themselves. The persistence id defaults to the server's
 * ({@link ReplicaLog#PERSISTENCE_ID}, the same for every node whatever its myid), or to the
 * journal's only log when the server's is not in it (a test's, say). The tool never
 * touches the directories it is given: opening a journal repairs a torn tail and opening a
 * snapshot directory removes interrupted saves, so it works on a private copy of the journal
 * segments and on links to (or copies of) the snapshot files, in a temp dir it removes after.
 * No actor system is started.
 */
public final class LogDump {
    private static final String USAGE = "usage: LogDump [--pid PERSISTENCE_ID] dataLogDir [dataDir]";

    private LogDump() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the tool; 0 on success, 1 when the files cannot be read, 2 for bad arguments. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String pid = null;
        List<String> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--pid") && i + 1 < args.length) {
                pid = args[++i];
            } else if (args[i].startsWith("-")) {
                err.println(USAGE);
                return 2;
            } else {
                dirs.add(args[i]);
            }
        }
        if (dirs.isEmpty() || dirs.size() > 2) {
            err.println(USAGE);
            return 2;
        }
        try {
            Path journalDir = locate(Path.of(dirs.get(0)), "log", "journal-", ".seg", "dataLogDir");
            Path snapshotDir = dirs.size() > 1
                    ? locate(Path.of(dirs.get(1)), "snapshots", "snapshot-", ".snap", "dataDir") : null;
            pid = dumpJournal(journalDir, pid, out);
            if (snapshotDir != null) {
                dumpSnapshots(snapshotDir, pid, out);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("LogDump: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The folder holding the files: the one given, or its {@code inner} folder, where a node keeps
     * them ({@code dataLogDir/log}, {@code dataDir/snapshots}); so both a node's directory and the
     * folder itself work. A directory that holds neither is an error, not an empty dump.
     */
    static Path locate(Path given, String inner, String prefix, String suffix, String role) throws IOException {
        if (!Files.isDirectory(given)) {
            throw new IllegalArgumentException("not a directory: " + given);
        }
        if (!list(given, prefix, suffix).isEmpty()) {
            return given;
        }
        Path nested = given.resolve(inner);
        if (Files.isDirectory(nested)) {
            return nested;
        }
        throw new IllegalArgumentException(given + " is neither a node's " + role + " (no " + inner + "/ folder) nor a"
                + " folder of " + prefix + "*" + suffix + " files");
    }

    /**
     * Without --pid: the server's log ({@link ReplicaLog#PERSISTENCE_ID}, whatever the node's myid)
     * when the journal holds it or holds nothing, else the journal's only log.
     */
    private static String choosePersistenceId(SegmentedLog log, Path journalDir) {
        List<String> ids = log.persistenceIds().stream().sorted().toList();
        if (ids.isEmpty() || ids.contains(ReplicaLog.PERSISTENCE_ID)) {
            return ReplicaLog.PERSISTENCE_ID;
        }
        if (ids.size() > 1) {
            throw new IllegalArgumentException(journalDir + " holds the logs of " + ids + ": choose one with --pid");
        }
        return ids.get(0);
    }

    // ---- journal -------------------------------------------------------------------------

    /** Prints the entity's log; a null pid is chosen from the log. Returns the pid dumped. */
    static String dumpJournal(Path dataLogDir, String pid, PrintStream out) throws IOException {
        List<Path> segments = list(dataLogDir, "journal-", ".seg");
        if (segments.isEmpty()) {
            out.println("no journal segments in " + dataLogDir);
            return pid != null ? pid : ReplicaLog.PERSISTENCE_ID;
        }
        Path copy = Files.createTempDirectory("warden-logdump-journal");
        try {
            for (Path segment : segments) {
                Files.copy(segment, copy.resolve(segment.getFileName()));
            }
            long segmentSizeBytes = Files.size(segments.get(0));
            Counts counts = new Counts();
            try (SegmentedLog log = SegmentedLog.open(LogConfig.defaults(copy).withSegmentSizeBytes(segmentSizeBytes))) {
                if (pid == null) {
                    pid = choosePersistenceId(log, dataLogDir);
                }
                String id = pid;
                long highest = log.highestSequenceNr(pid);
                long deleted = log.deletedToSequenceNr(pid);
                out.printf("Warden replica log %s in %s: %d segment(s), sequence numbers %d..%d%s%n", pid, dataLogDir,
                        segments.size(), deleted + 1, highest, deleted > 0 ? " (1.." + deleted + " deleted)" : "");
                log.replay(id, 1, Long.MAX_VALUE, Long.MAX_VALUE, record -> printEvent(record.sequenceNr(),
                        SerializedEvent.decode(record.data()), out, counts));
            }
            out.printf("%d event(s), %d txn(s)%n", counts.events, counts.txns);
            return pid;
        } finally {
            deleteTree(copy);
        }
    }

    private static final class Counts {
        long events;
        long txns;
    }

    private static void printEvent(long seqNr, SerializedEvent stored, PrintStream out, Counts counts) {
        counts.events++;
        // Pekko typed leaves the write timestamp unset (0); show it only when a writer set it
        String head = "#" + seqNr + " " + (stored.timestampMs() > 0 ? Instant.ofEpochMilli(stored.timestampMs()) + " " : "");
        if (stored.serializerId() != ReplicaSerializer.IDENTIFIER) {
            out.println(head + "not a replica event: serializer " + stored.serializerId() + " manifest '"
                    + stored.serializerManifest() + "', " + stored.payload().length + " bytes");
            return;
        }
        ReplicaEvent event = ReplicaEventCodec.decode(stored.serializerManifest(), stored.payload());
        if (event instanceof ProposalsLogged logged) {
            out.println(head + "proposals " + logged.txns().size() + " txn(s) " + Zxid.toHex(logged.txns().get(0).zxid())
                    + ".." + Zxid.toHex(logged.lastZxid()) + " committed up to " + Zxid.toHex(logged.committedZxid()));
            for (Txn txn : logged.txns()) {
                out.println("  " + TxnFormatter.format(txn));
            }
            counts.txns += logged.txns().size();
        } else if (event instanceof CommitMarked commit) {
            out.println(head + "commit up to " + Zxid.toHex(commit.zxid()));
        } else if (event instanceof EpochAccepted accepted) {
            out.println(head + "acceptedEpoch " + accepted.epoch());
        } else if (event instanceof EpochCurrent current) {
            out.println(head + "currentEpoch " + current.epoch());
        } else if (event instanceof TruncatedTo truncated) {
            out.println(head + "truncate to " + Zxid.toHex(truncated.zxid()));
        } else if (event instanceof ReplicaEvent.SnapshotInstallBegun begun) {
            out.println(head + "snapshot install begun: the leader's snapshot at " + Zxid.toHex(begun.zxid())
                    + " is saved as snapshot " + seqNr);
        } else if (event instanceof ReplicaEvent.SnapshotInstalled installed) {
            out.println(head + "snapshot installed: the state is the snapshot at " + Zxid.toHex(installed.zxid())
                    + String.format(" (digest %016x)", installed.digest()));
        }
    }

    // ---- snapshots -----------------------------------------------------------------------

    static void dumpSnapshots(Path dataDir, String pid, PrintStream out) throws IOException {
        List<Path> files = list(dataDir, "snapshot-", ".snap");
        Path view = Files.createTempDirectory("warden-logdump-snapshots");
        try {
            for (Path file : files) {
                linkOrCopy(file, view.resolve(file.getFileName()));
            }
            SnapshotDirectory directory = new SnapshotDirectory(view);
            List<SnapshotDirectory.Entry> entries = new ArrayList<>(directory.list(pid));
            entries.sort(Comparator.comparingLong(SnapshotDirectory.Entry::sequenceNr));
            out.printf("%d snapshot(s) of %s in %s%n", entries.size(), pid, dataDir);
            for (SnapshotDirectory.Entry entry : entries) {
                out.println(describe(directory, entry));
            }
        } finally {
            deleteTree(view);
        }
    }

    private static String describe(SnapshotDirectory directory, SnapshotDirectory.Entry entry) {
        String head = entry.path().getFileName() + " seqNr " + entry.sequenceNr() + " "
                + Instant.ofEpochMilli(entry.timestampMs()) + " " + entry.path().toFile().length() + " bytes: ";
        try {
            SnapshotDirectory.Validated snapshot = directory.validate(entry);
            ReplicaState state = read(directory, snapshot);
            return head + "zxid " + Zxid.toHex(state.tree().lastProcessedZxid()) + " committed "
                    + Zxid.toHex(state.committedZxid()) + " digest " + String.format("%016x", state.tree().digest())
                    + " nodes " + state.tree().nodeCount() + " sessions " + state.tree().sessions().size()
                    + " pending " + state.pending().size() + " acceptedEpoch " + state.acceptedEpoch()
                    + " currentEpoch " + state.currentEpoch();
        } catch (IOException | RuntimeException e) {
            return head + "UNREADABLE: " + e.getMessage();
        }
    }

    private static ReplicaState read(SnapshotDirectory directory, SnapshotDirectory.Validated snapshot)
            throws IOException {
        SnapshotHeader header = snapshot.header();
        boolean streamed = header.format() == SnapshotHeader.Format.STREAMED
                && header.manifest().equals(ReplicaSnapshot.CODEC_MANIFEST);
        boolean serialized = header.format() == SnapshotHeader.Format.SERIALIZED
                && header.serializerId() == ReplicaSerializer.IDENTIFIER;
        if (streamed) {
            try (InputStream in = new BufferedInputStream(directory.openBody(snapshot), 1 << 16)) {
                return ReplicaEventCodec.readSnapshot(in);
            }
        } else if (serialized) {
            return ReplicaEventCodec.readSnapshot(new ByteArrayInputStream(directory.readBody(snapshot)));
        }
        throw new IllegalArgumentException("not a replica snapshot: " + header.format() + " '" + header.manifest() + "'");
    }

    // ---- files ---------------------------------------------------------------------------

    private static List<Path> list(Path dir, String prefix, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(prefix) && name.endsWith(suffix) && Files.isRegularFile(p);
            }).sorted().toList();
        }
    }

    /** Snapshot files never change once named, so a hard link is a safe read-only view. */
    private static void linkOrCopy(Path file, Path target) throws IOException {
        try {
            Files.createLink(target, file);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(file, target);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
