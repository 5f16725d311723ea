package io.warden.persistence.replica;

import io.warden.persistence.replica.ReplicaEvent.CommitMarked;
import io.warden.persistence.replica.ReplicaEvent.EpochAccepted;
import io.warden.persistence.replica.ReplicaEvent.EpochCurrent;
import io.warden.persistence.replica.ReplicaEvent.ProposalsLogged;
import io.warden.persistence.replica.ReplicaEvent.TruncatedTo;
import io.warden.persistence.txn.EncodeBuffer;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnCodec;
import io.warden.persistence.txn.TxnFormatException;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of the replica log's events (the journal payload) and of its snapshots. Plain
 * Java with no Pekko, so the dump tool decodes a journal without an actor system.
 *
 * <p>All integers are big-endian; a txn is TxnCodec's bytes with a length in front, so a damaged
 * txn is reported as such and never read into its neighbour. The manifest names the event kind
 * and its format version:
 * <pre>
 * "P1" ProposalsLogged := committedZxid:i64 count:i32 txn{count}
 * "C1" CommitMarked    := zxid:i64
 * "A1" EpochAccepted   := epoch:i64
 * "E1" EpochCurrent    := epoch:i64
 * "T1" TruncatedTo     := zxid:i64
 * "I1" SnapshotInstallBegun := zxid:i64
 * "I2" SnapshotInstalled    := zxid:i64 digest:i64
 * "S1" snapshot        := magic:i32 = 0x57525331 ("WRS1")
 *                         acceptedEpoch:i64 currentEpoch:i64 committedZxid:i64 appliedTxnCount:i64
 *                         seqNrCount:i32 seqNr:i64{seqNrCount}
 *                         pendingCount:i32 txn{pendingCount}
 *                         tree (SnapshotWriter's format, to the end of the stream)
 * txn := length:i32 TxnCodec-bytes{length}
 * </pre>
 * Decoding rejects unknown manifests, counts and lengths out of bounds, and trailing bytes with
 * {@link ReplicaFormatException}.
 */
public final class ReplicaEventCodec {
    public static final String PROPOSALS_LOGGED = "P1";
    public static final String COMMIT_MARKED = "C1";
    public static final String EPOCH_ACCEPTED = "A1";
    public static final String EPOCH_CURRENT = "E1";
    public static final String TRUNCATED_TO = "T1";
    public static final String SNAPSHOT_INSTALL_BEGUN = "I1";
    public static final String SNAPSHOT_INSTALLED = "I2";
    public static final String SNAPSHOT = "S1";

    static final int SNAPSHOT_MAGIC = 0x5752_5331;
    /** A txn is bounded by the wire's jute.maxbuffer; this is a generous sanity bound above it. */
    static final int MAX_TXN_BYTES = 1 << 28;
    static final int MAX_TXNS = 1 << 24;
    static final int MAX_SNAPSHOT_SEQ_NRS = 1 << 10;

    private ReplicaEventCodec() {
    }

    public static String manifest(ReplicaEvent event) {
        if (event instanceof ProposalsLogged) {
            return PROPOSALS_LOGGED;
        } else if (event instanceof CommitMarked) {
            return COMMIT_MARKED;
        } else if (event instanceof EpochAccepted) {
            return EPOCH_ACCEPTED;
        } else if (event instanceof EpochCurrent) {
            return EPOCH_CURRENT;
        } else if (event instanceof TruncatedTo) {
            return TRUNCATED_TO;
        } else if (event instanceof ReplicaEvent.SnapshotInstallBegun) {
            return SNAPSHOT_INSTALL_BEGUN;
        } else if (event instanceof ReplicaEvent.SnapshotInstalled) {
            return SNAPSHOT_INSTALLED;
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    public static byte[] encode(ReplicaEvent event) {
        EncodeBuffer bytes = new EncodeBuffer(event instanceof ProposalsLogged logged ? encodedSize(logged) : 16);
        DataOutputStream out = bytes.dataOutput();
        try {
            if (event instanceof ProposalsLogged logged) {
                out.writeLong(logged.committedZxid());
                writeTxns(bytes, logged.txns());
            } else if (event instanceof CommitMarked commit) {
                out.writeLong(commit.zxid());
            } else if (event instanceof EpochAccepted accepted) {
                out.writeLong(accepted.epoch());
            } else if (event instanceof EpochCurrent current) {
                out.writeLong(current.epoch());
            } else if (event instanceof TruncatedTo truncated) {
                out.writeLong(truncated.zxid());
            } else if (event instanceof ReplicaEvent.SnapshotInstallBegun begun) {
                out.writeLong(begun.zxid());
            } else if (event instanceof ReplicaEvent.SnapshotInstalled installed) {
                out.writeLong(installed.zxid());
                out.writeLong(installed.digest());
            } else {
                throw new IllegalArgumentException("unknown event " + event);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Decodes one event; the bytes must hold exactly that event. */
    public static ReplicaEvent decode(String manifest, byte[] bytes) {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        try {
            ReplicaEvent event = switch (manifest) {
                case PROPOSALS_LOGGED -> {
                    long committed = in.readLong();
                    yield new ProposalsLogged(readTxns(in, "ProposalsLogged"), committed);
                }
                case COMMIT_MARKED -> new CommitMarked(in.readLong());
                case EPOCH_ACCEPTED -> new EpochAccepted(in.readLong());
                case EPOCH_CURRENT -> new EpochCurrent(in.readLong());
                case TRUNCATED_TO -> new TruncatedTo(in.readLong());
                case SNAPSHOT_INSTALL_BEGUN -> new ReplicaEvent.SnapshotInstallBegun(in.readLong());
                case SNAPSHOT_INSTALLED -> new ReplicaEvent.SnapshotInstalled(in.readLong(), in.readLong());
                default -> throw new ReplicaFormatException("unknown replica event manifest \"" + manifest + "\"");
            };
            if (in.available() > 0) {
                throw new ReplicaFormatException(in.available() + " trailing bytes after " + manifest + " event");
            }
            return event;
        } catch (EOFException e) {
            throw new ReplicaFormatException("truncated " + manifest + " event of " + bytes.length + " bytes", e);
        } catch (IllegalArgumentException e) {
            throw new ReplicaFormatException("invalid " + manifest + " event: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int encodedSize(ProposalsLogged logged) {
        return 8 + txnsSize(logged.txns());
    }

    /** About what {@link #writeTxns} writes for these txns, to size its buffer. */
    private static int txnsSize(List<Txn> txns) {
        return (int) Math.min(4 + loggedBytes(txns), Integer.MAX_VALUE - 64);
    }

    /**
     * About the bytes the log writes for these txns (each behind its length), without the count
     * in front: also the measure of ReplicaState's snapSizeLimit trigger.
     */
    static long loggedBytes(List<Txn> txns) {
        long size = 0;
        for (Txn txn : txns) {
            size += 4 + TxnCodec.estimatedSize(txn);
        }
        return size;
    }

    /** The txns into one buffer, each encoded in place behind its length: no copy per txn. */
    private static void writeTxns(EncodeBuffer bytes, List<Txn> txns) throws IOException {
        DataOutputStream out = bytes.dataOutput();
        out.writeInt(txns.size());
        for (Txn txn : txns) {
            int lengthAt = bytes.size();
            out.writeInt(0);
            TxnCodec.encodeTo(txn, bytes);
            bytes.patchInt(lengthAt, bytes.size() - lengthAt - 4);
        }
    }

    static List<Txn> readTxns(DataInputStream in, String where) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_TXNS) {
            throw new ReplicaFormatException(where + ": txn count out of bounds: " + count);
        }
        List<Txn> txns = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            int length = in.readInt();
            if (length < 0 || length > MAX_TXN_BYTES) {
                throw new ReplicaFormatException(where + ": txn " + i + " length out of bounds: " + length);
            }
            byte[] encoded = in.readNBytes(length);
            if (encoded.length != length) {
                throw new EOFException();
            }
            try {
                txns.add(TxnCodec.decode(encoded));
            } catch (TxnFormatException e) {
                throw new ReplicaFormatException(where + ": txn " + i + " is corrupt: " + e.getMessage(), e);
            }
        }
        return txns;
    }

    // ---- snapshots -------------------------------------------------------------------------

    /** Streams a snapshot of the state; does not close or flush the stream. */
    public static void writeSnapshot(ReplicaState state, OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(SNAPSHOT_MAGIC);
        out.writeLong(state.acceptedEpoch());
        out.writeLong(state.currentEpoch());
        out.writeLong(state.committedZxid());
        out.writeLong(state.appliedTxnCount());
        out.writeInt(state.snapshotSeqNrs().size());
        for (long seqNr : state.snapshotSeqNrs()) {
            out.writeLong(seqNr);
        }
        EncodeBuffer pending = new EncodeBuffer(txnsSize(state.pending()));
        writeTxns(pending, state.pending());
        pending.writeTo(out);
        out.flush();
        io.warden.persistence.snapshot.SnapshotWriter.write(state.tree(), stream);
    }

    /** Reads a snapshot written by {@link #writeSnapshot}, checking every invariant of the state. */
    public static ReplicaState readSnapshot(InputStream stream) throws IOException {
        // No buffering here: the tree reader continues on the same stream right after the header.
        DataInputStream in = new DataInputStream(stream);
        try {
            SnapshotHeader header = readSnapshotHeader(in);
            return ReplicaState.restored(io.warden.persistence.snapshot.SnapshotReader.read(stream),
                    header.pending(), header.acceptedEpoch(), header.currentEpoch(), header.committedZxid(),
                    header.appliedTxnCount(), header.snapshotSeqNrs());
        } catch (EOFException e) {
            throw new ReplicaFormatException("truncated replica snapshot", e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ReplicaFormatException("inconsistent replica snapshot: " + e.getMessage(), e);
        }
    }

    /** What a snapshot says before its tree: for the dump tool and for {@link #readSnapshot}. */
    public record SnapshotHeader(long acceptedEpoch, long currentEpoch, long committedZxid, long appliedTxnCount,
                                 List<Long> snapshotSeqNrs, List<Txn> pending) {
    }

    /** Reads the part of a snapshot before its tree; the stream is left at the tree. */
    public static SnapshotHeader readSnapshotHeader(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != SNAPSHOT_MAGIC) {
            throw new ReplicaFormatException("not a replica snapshot: magic 0x" + Integer.toHexString(magic));
        }
        long acceptedEpoch = in.readLong();
        long currentEpoch = in.readLong();
        long committedZxid = in.readLong();
        long appliedTxnCount = in.readLong();
        int seqNrCount = in.readInt();
        if (seqNrCount < 0 || seqNrCount > MAX_SNAPSHOT_SEQ_NRS) {
            throw new ReplicaFormatException("snapshot sequence number count out of bounds: " + seqNrCount);
        }
        List<Long> seqNrs = new ArrayList<>(seqNrCount);
        for (int i = 0; i < seqNrCount; i++) {
            seqNrs.add(in.readLong());
        }
        List<Txn> pending = readTxns(in, "snapshot pending proposals");
        return new SnapshotHeader(acceptedEpoch, currentEpoch, committedZxid, appliedTxnCount, List.copyOf(seqNrs),
                List.copyOf(pending));
    }
}
