package io.warden.persistence.replica;

import io.warden.api.data.Zxid;
import io.warden.persistence.txn.Txn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The most recent committed txns, in memory, for DIFF sync: ZooKeeper's {@code committedLog}.
 * Bounded by count and by bytes; the oldest go first. {@link #baseZxid()} is the zxid the window
 * builds on: the last txn that left it, or where the window started (the committed zxid when the
 * log recovered).
 *
 * <p>Pure and single-threaded: the log's event handler feeds it, so it is rebuilt by replay after a
 * restart (from the snapshot on, the journal's tail) and never snapshotted.
 */
final class CommittedWindow {
    private record Entry(Txn txn, long bytes) {
    }

    private final int maxCount;
    private final long maxBytes;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long bytes;
    private long baseZxid;

    CommittedWindow(int maxCount, long maxBytes, long baseZxid) {
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        this.baseZxid = baseZxid;
    }

    long baseZxid() {
        return baseZxid;
    }

    /** The last committed zxid the window knows: its newest txn's, or the base. */
    long lastZxid() {
        return entries.isEmpty() ? baseZxid : entries.peekLast().txn().zxid();
    }

    int size() {
        return entries.size();
    }

    /** Forgets every txn: the window now builds on zxid (a state that did not come from txns). */
    void restartAt(long zxid) {
        entries.clear();
        bytes = 0;
        baseZxid = zxid;
    }

    /** Txns just committed, in zxid order, after {@link #lastZxid()}. */
    void add(List<Txn> committed) {
        for (Txn txn : committed) {
            if (txn.zxid() <= lastZxid()) {
                throw new IllegalStateException("committed txn " + Zxid.toHex(txn.zxid()) + " does not follow "
                        + Zxid.toHex(lastZxid()));
            }
            long size = txnBytes(txn);
            entries.addLast(new Entry(txn, size));
            bytes += size;
            while (!entries.isEmpty() && (entries.size() > maxCount || bytes > maxBytes)) {
                Entry gone = entries.pollFirst();
                bytes -= gone.bytes();
                baseZxid = gone.txn().zxid();
            }
        }
    }

    /**
     * The committed txns after {@code afterZxid}, or null when the window does not reach back that
     * far (afterZxid below the base): the journal may still hold them. {@code ahead} are txns
     * committed after {@link #lastZxid()} that the window has not been fed yet (the replica log's
     * applied view runs ahead of its journal, ADR 0017), in zxid order: they count as its newest.
     */
    TxnsAfter read(long afterZxid, List<Txn> ahead, int maxTxns, long maxReadBytes) {
        if (afterZxid < baseZxid) {
            return null;
        }
        if (!ahead.isEmpty() && ahead.get(0).zxid() <= lastZxid()) {
            throw new IllegalStateException("txns committed ahead of the window start at " + Zxid.toHex(ahead.get(0).zxid())
                    + ", not after its last " + Zxid.toHex(lastZxid()));
        }
        List<Entry> newest = new ArrayList<>(ahead.size());
        for (int i = ahead.size() - 1; i >= 0; i--) {
            newest.add(new Entry(ahead.get(i), txnBytes(ahead.get(i))));
        }
        long base = baseZxid;
        List<Txn> after = new ArrayList<>();
        long total = 0;
        for (Iterator<Entry> it = concat(newest.iterator(), entries.descendingIterator()); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.txn().zxid() <= afterZxid) {
                base = entry.txn().zxid();
                break;
            }
            after.add(entry.txn());
            total += entry.bytes();
            if (after.size() > maxTxns || total > maxReadBytes) {
                return tooMuch(afterZxid, maxTxns, maxReadBytes);
            }
        }
        java.util.Collections.reverse(after);
        return new TxnsAfter.Available(base, after);
    }

    private static Iterator<Entry> concat(Iterator<Entry> first, Iterator<Entry> then) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return first.hasNext() || then.hasNext();
            }

            @Override
            public Entry next() {
                return first.hasNext() ? first.next() : then.next();
            }
        };
    }

    static TxnsAfter.NotAvailable tooMuch(long afterZxid, int maxTxns, long maxReadBytes) {
        return new TxnsAfter.NotAvailable("the txns after " + Zxid.toHex(afterZxid) + " exceed the limit of "
                + maxTxns + " txns or " + maxReadBytes + " bytes");
    }

    /** About the bytes the log writes for one txn: the measure of every size limit here. */
    static long txnBytes(Txn txn) {
        return ReplicaEventCodec.loggedBytes(List.of(txn));
    }
}
