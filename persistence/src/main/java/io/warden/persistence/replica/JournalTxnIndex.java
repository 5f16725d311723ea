package io.warden.persistence.replica;

import java.util.Arrays;

/**
 * Where in the journal to start reading the txns after a zxid: one entry per
 * {@code ProposalsLogged} event this incarnation saw (replayed or written), holding its sequence
 * number and the last logged zxid before it. The journal itself has no zxid index; ZooKeeper
 * finds the txn log file by the zxid in its name, this log by this table.
 *
 * <p>Entries are in sequence-number order and their {@code prevZxid} never decreases: a
 * truncation drops the entries whose txns it dropped, and what is logged after it builds on what
 * is left. A read after zxid Z starts at the newest entry whose prevZxid is at most Z, so every
 * txn after Z is in that event or later ones; a start that is too early only costs reading more.
 * That is why the table may be thinned: when full, every other entry goes (the first stays, the
 * earliest start), at most doubling what a read skips.
 *
 * <p>Bounded by {@code maxEntries}, pure and single-threaded (the log's event handler feeds it).
 * It knows nothing of retention: a read that starts at events the journal deleted meanwhile sees
 * the sequence numbers jump and answers "not available".
 */
final class JournalTxnIndex {
    /**
     * Where a read starts: at this event, building on prevZxid. {@code txnsAfterNext} and
     * {@code bytesAfterNext} count what is logged (and not truncated) from the next entry's event
     * on, whose txns all lie above the zxid asked about: a lower bound on what a read must send,
     * less what is not committed yet. 0 when this is the newest entry.
     */
    record Start(long seqNr, long prevZxid, long txnsAfterNext, long bytesAfterNext) {
    }

    private final int maxEntries;
    private long[] seqNrs;
    private long[] prevZxids;
    private long[] firstZxids;
    /** The log's live txns and bytes (logged, not truncated) before each entry's event. */
    private long[] txnsBefore;
    private long[] bytesBefore;
    private int size;
    private long liveTxns;
    private long liveBytes;

    JournalTxnIndex(int maxEntries) {
        if (maxEntries < 2) {
            throw new IllegalArgumentException("maxEntries must be at least 2: " + maxEntries);
        }
        this.maxEntries = maxEntries;
        int initial = Math.min(maxEntries, 64);
        seqNrs = new long[initial];
        prevZxids = new long[initial];
        firstZxids = new long[initial];
        txnsBefore = new long[initial];
        bytesBefore = new long[initial];
    }

    /** The event at seqNr logged txns (that many, of those bytes) from firstZxid on, after the log ended at prevZxid. */
    void logged(long seqNr, long prevZxid, long firstZxid, int txns, long bytes) {
        if (size > 0 && (seqNr <= seqNrs[size - 1] || prevZxid < prevZxids[size - 1])) {
            throw new IllegalStateException("journal index out of order: event " + seqNr + " after " + seqNrs[size - 1]
                    + ", building on " + prevZxid + " after " + prevZxids[size - 1]);
        }
        if (size == maxEntries) {
            thin();
        }
        if (size == seqNrs.length) {
            int grown = Math.min(maxEntries, seqNrs.length * 2);
            seqNrs = Arrays.copyOf(seqNrs, grown);
            prevZxids = Arrays.copyOf(prevZxids, grown);
            firstZxids = Arrays.copyOf(firstZxids, grown);
            txnsBefore = Arrays.copyOf(txnsBefore, grown);
            bytesBefore = Arrays.copyOf(bytesBefore, grown);
        }
        seqNrs[size] = seqNr;
        prevZxids[size] = prevZxid;
        firstZxids[size] = firstZxid;
        txnsBefore[size] = liveTxns;
        bytesBefore[size] = liveBytes;
        size++;
        liveTxns += txns;
        liveBytes += bytes;
    }

    /**
     * The log was truncated to zxid, dropping that many txns of those bytes: events whose txns all
     * lie above it can no longer be a start. The dropped txns were logged after every entry that
     * stays (an entry stays when its first txn is kept), so the counts before those stay right.
     */
    void truncated(long zxid, int droppedTxns, long droppedBytes) {
        while (size > 0 && firstZxids[size - 1] > zxid) {
            size--;
        }
        liveTxns -= droppedTxns;
        liveBytes -= droppedBytes;
    }

    /** Forgets every entry: the history before now is no diff source (say, a snapshot replaced the state). */
    void clear() {
        size = 0;
    }

    /** The newest entry whose prevZxid is at most afterZxid, or null when none is (afterZxid too old). */
    Start startFor(long afterZxid) {
        int low = 0;
        int high = size - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (prevZxids[mid] <= afterZxid) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (found < 0) {
            return null;
        }
        int next = found + 1;
        return new Start(seqNrs[found], prevZxids[found], next < size ? liveTxns - txnsBefore[next] : 0,
                next < size ? liveBytes - bytesBefore[next] : 0);
    }

    /** Keeps entries 0, 2, 4 ...: half the table, the earliest start kept. */
    private void thin() {
        int kept = 0;
        for (int i = 0; i < size; i += 2) {
            seqNrs[kept] = seqNrs[i];
            prevZxids[kept] = prevZxids[i];
            firstZxids[kept] = firstZxids[i];
            txnsBefore[kept] = txnsBefore[i];
            bytesBefore[kept] = bytesBefore[i];
            kept++;
        }
        size = kept;
    }
}
