package io.warden.persistence.replica;

import io.warden.api.data.Zxid;
import io.warden.persistence.replica.ReplicaEvent.CommitMarked;
import io.warden.persistence.replica.ReplicaEvent.EpochAccepted;
import io.warden.persistence.replica.ReplicaEvent.EpochCurrent;
import io.warden.persistence.replica.ReplicaEvent.ProposalsLogged;
import io.warden.persistence.replica.ReplicaEvent.SnapshotInstallBegun;
import io.warden.persistence.replica.ReplicaEvent.SnapshotInstalled;
import io.warden.persistence.replica.ReplicaEvent.TruncatedTo;
import io.warden.persistence.txn.Txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rebuilds the committed txns after a zxid from the journal's events, as replay would: proposals
 * are logged, a truncation drops the logged tail above its zxid, and what was committed when the
 * read began ({@code upToZxid}) is the answer. Events come in sequence-number order from
 * {@code fromSeqNr} (a {@link JournalTxnIndex} start) to the last one written before the read.
 *
 * <p>Everything is checked rather than trusted: the first event must be the one asked for (else
 * retention deleted it: "not available"), sequence numbers must not jump, and the answer must run
 * without a hole from its base to upToZxid. A snapshot installed by SNAP ({@code SnapshotInstalled},
 * ADR 0018) ends the diff, as does an event this fold does not know: the history before it does not
 * build the state after it. {@code upToZxid} may lie above the commit mark the events carry: the
 * replica log's applied view commits without a journal write (ADR 0017), and the txns it committed
 * are logged proposals here.
 *
 * <p>Bounded: it keeps the txns to send, and gives up as soon as more than maxTxns of them or
 * more than maxBytes are committed (a proposal not yet committed may still be truncated, so those
 * count only once committed: beyond the limits it holds at most the proposals that were pending
 * at once); and the zxids logged since the start, 8 bytes each. Pure and single-threaded.
 */
final class JournalTxnFold {
    private final long afterZxid;
    private final long upToZxid;
    private final int maxTxns;
    private final long maxBytes;
    private final long fromSeqNr;
    private final long startPrevZxid;
    private long expectedSeqNr;
    /** Every zxid logged since the start and not truncated, increasing: the log as replay rebuilds it. */
    private long[] logged = new long[64];
    private int loggedSize;
    /** The logged txns in (afterZxid, upToZxid]: the answer so far, with their sizes. */
    private final List<Txn> collected = new ArrayList<>();
    private final List<Long> collectedBytes = new ArrayList<>();
    private long bytes;
    /** Everything logged up to here is committed, as the events said (a watermark, not always a txn's zxid). */
    private long committedZxid;
    /** How many of the collected txns are committed already, and their bytes: only these count against the limits. */
    private int firmCount;
    private long firmBytes;
    private TxnsAfter.NotAvailable failure;

    JournalTxnFold(long afterZxid, long upToZxid, JournalTxnIndex.Start start, int maxTxns, long maxBytes) {
        if (afterZxid >= upToZxid || start.prevZxid() > afterZxid) {
            throw new IllegalArgumentException("a journal read needs start <= afterZxid < upToZxid: "
                    + Zxid.toHex(start.prevZxid()) + ", " + Zxid.toHex(afterZxid) + ", " + Zxid.toHex(upToZxid));
        }
        this.afterZxid = afterZxid;
        this.upToZxid = upToZxid;
        this.maxTxns = maxTxns;
        this.maxBytes = maxBytes;
        this.fromSeqNr = start.seqNr();
        this.startPrevZxid = start.prevZxid();
        this.expectedSeqNr = start.seqNr();
    }

    /** The first sequence number to read. */
    long fromSeqNr() {
        return fromSeqNr;
    }

    /** False once the answer is known to be "not available": later events change nothing. */
    boolean wantsMore() {
        return failure == null;
    }

    /** One replayed event. */
    void accept(long seqNr, Object event) {
        if (failure != null) {
            return;
        }
        if (seqNr != expectedSeqNr) {
            fail("the journal no longer holds event " + expectedSeqNr + " (the next it replayed is " + seqNr
                    + "): retention deleted the history after " + Zxid.toHex(afterZxid));
            return;
        }
        expectedSeqNr++;
        if (event instanceof ProposalsLogged proposals) {
            for (Txn txn : proposals.txns()) {
                log(txn);
            }
            committed(proposals.committedZxid());
        } else if (event instanceof CommitMarked commit) {
            committed(commit.zxid());
        } else if (event instanceof TruncatedTo truncated) {
            truncate(truncated.zxid());
        } else if (event instanceof SnapshotInstalled installed) {
            fail("event " + seqNr + " installed the leader's snapshot at " + Zxid.toHex(installed.zxid())
                    + ": the history after " + Zxid.toHex(afterZxid) + " does not lead to the state after it");
        } else if (!(event instanceof EpochAccepted || event instanceof EpochCurrent
                || event instanceof SnapshotInstallBegun)) {
            // SnapshotInstallBegun changes nothing (an install that failed leaves the history as it was)
            fail("event " + seqNr + " (" + (event == null ? "null" : event.getClass().getSimpleName())
                    + ") is not one a DIFF can be rebuilt across (after " + Zxid.toHex(afterZxid) + ")");
        }
    }

    /**
     * Txns become firm once committed: a later truncation may still drop a proposal that was not,
     * so only committed ones count against the limits (an early refusal must never be wrong).
     */
    private void committed(long zxid) {
        committedZxid = Math.max(committedZxid, zxid);
        while (failure == null && firmCount < collected.size() && collected.get(firmCount).zxid() <= committedZxid) {
            firmBytes += collectedBytes.get(firmCount);
            firmCount++;
            if (firmCount > maxTxns || firmBytes > maxBytes) {
                failure = CommittedWindow.tooMuch(afterZxid, maxTxns, maxBytes);
            }
        }
    }

    private void log(Txn txn) {
        if (failure != null) {
            return;
        }
        String problem = ReplicaState.zxidOrderProblem(lastLogged(), txn.zxid());
        if (problem != null) {
            fail("the journal's history is out of order: " + problem);
            return;
        }
        if (loggedSize == logged.length) {
            logged = Arrays.copyOf(logged, loggedSize * 2);
        }
        logged[loggedSize++] = txn.zxid();
        // above upToZxid: logged after the read began or not committed then; never part of the answer
        if (txn.zxid() > afterZxid && txn.zxid() <= upToZxid) {
            long size = CommittedWindow.txnBytes(txn);
            collected.add(txn);
            collectedBytes.add(size);
            bytes += size;
        }
    }

    /** As ReplicaState does: the logged txns above zxid go (they were never committed). */
    private void truncate(long zxid) {
        while (loggedSize > 0 && logged[loggedSize - 1] > zxid) {
            long dropped = logged[--loggedSize];
            if (dropped <= committedZxid) {
                fail("the journal truncates the committed txn " + Zxid.toHex(dropped));
                return;
            }
            if (dropped > afterZxid && dropped <= upToZxid) {
                collected.remove(collected.size() - 1);
                bytes -= collectedBytes.remove(collectedBytes.size() - 1);
            }
        }
    }

    private long lastLogged() {
        return loggedSize > 0 ? logged[loggedSize - 1] : startPrevZxid;
    }

    private void fail(String reason) {
        failure = new TxnsAfter.NotAvailable(reason);
    }

    /** The answer once every event up to the read's end was accepted (none at all: not available). */
    TxnsAfter result() {
        if (failure != null) {
            return failure;
        }
        if (expectedSeqNr == fromSeqNr) {
            return new TxnsAfter.NotAvailable("the journal replayed nothing from event " + fromSeqNr
                    + ": retention deleted the history after " + Zxid.toHex(afterZxid));
        }
        if (collected.size() > maxTxns || bytes > maxBytes) {
            return CommittedWindow.tooMuch(afterZxid, maxTxns, maxBytes);
        }
        long base = baseZxid();
        long reached = collected.isEmpty() ? base : collected.get(collected.size() - 1).zxid();
        if (reached < upToZxid) {
            return new TxnsAfter.NotAvailable("the journal's txns after " + Zxid.toHex(afterZxid) + " end at "
                    + Zxid.toHex(reached) + ", before the committed " + Zxid.toHex(upToZxid));
        }
        return new TxnsAfter.Available(base, collected);
    }

    /** The newest logged zxid at or below afterZxid, or the start's when none was logged since. */
    private long baseZxid() {
        int low = 0;
        int high = loggedSize - 1;
        long base = startPrevZxid;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (logged[mid] <= afterZxid) {
                base = logged[mid];
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return base;
    }
}
