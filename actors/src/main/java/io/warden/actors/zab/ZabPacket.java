package io.warden.actors.zab;

import io.warden.api.data.Id;
import io.warden.api.data.Zxid;
import io.warden.persistence.txn.Txn;

import java.util.List;
import java.util.Objects;

/**
 * What leader and learners say to each other after election (ZAB's packets); integer codes
 * exist only in {@link ZabPacketCodec}. A snapshot for SNAP never travels as one packet: the
 * {@link Snap} header announces it and the state follows as a stream.
 */
public sealed interface ZabPacket {

    /** Learner → leader on connect: who it is, the epoch it promised and its last logged zxid. */
    record FollowerInfo(long sid, boolean observer, long acceptedEpoch, long lastLoggedZxid) implements ZabPacket {
    }

    /** Leader → learner: the new epoch it proposes (discovery). */
    record LeaderInfo(long newEpoch) implements ZabPacket {
    }

    /** Learner → leader: it promised {@code epoch}; its current epoch and last logged zxid. */
    record AckEpoch(long epoch, long currentEpoch, long lastLoggedZxid) implements ZabPacket {
    }

    /** Leader → learner: the txns after {@code afterZxid} follow as {@link Proposal}s and {@link Commit}s. */
    record Diff(long afterZxid) implements ZabPacket {
    }

    /** Leader → learner: drop the log above {@code zxid}, then txns follow as for {@link Diff}. */
    record Trunc(long zxid) implements ZabPacket {
    }

    /** Leader → learner: the state up to {@code zxid} follows as a snapshot stream. */
    record Snap(long zxid) implements ZabPacket {
    }

    /** A txn to log (leader → follower). */
    record Proposal(Txn txn) implements ZabPacket {
        public Proposal {
            Objects.requireNonNull(txn, "txn");
        }
    }

    /**
     * Txns to log, in zxid order (leader → learner): a sync's DIFF and the broadcast travel in
     * these, a few hundred KiB each, so a burst is a handful of messages rather than one per txn
     * (Artery's queue per peer is bounded and drops what does not fit).
     */
    record Proposals(List<Txn> txns) implements ZabPacket {
        public Proposals {
            txns = List.copyOf(txns);
            if (txns.isEmpty()) {
                throw new IllegalArgumentException("a Proposals packet carries at least one txn");
            }
        }
    }

    /** Follower → leader: its log is durable up to {@code zxid}. */
    record Ack(long zxid) implements ZabPacket {
    }

    /** Leader → follower: everything up to {@code zxid} is committed. */
    record Commit(long zxid) implements ZabPacket {
    }

    /** Leader → observer: a committed txn (observers log nothing they have not been told is committed). */
    record Inform(Txn txn) implements ZabPacket {
        public Inform {
            Objects.requireNonNull(txn, "txn");
        }
    }

    /** Leader → learner: sync is sent; ack it once everything synced is durable. */
    record NewLeader(long epoch, long lastZxid) implements ZabPacket {
        @Override
        public String toString() {
            return "NewLeader[epoch " + epoch + ", last " + Zxid.toHex(lastZxid) + "]";
        }
    }

    /** Leader → learner: a quorum acked NEWLEADER; serve clients. */
    record UpToDate(long epoch) implements ZabPacket {
    }

    /** Leader → learner heartbeat, with the last committed zxid. */
    record LeaderPing(long committedZxid) implements ZabPacket {
    }

    /** Learner → leader heartbeat: the sessions its clients kept alive since the last one. */
    record LearnerPing(List<Long> touchedSessions) implements ZabPacket {
        public LearnerPing {
            touchedSessions = List.copyOf(touchedSessions);
        }
    }
    /**
     * Learner → leader: a write (or closeSession) one of its clients sent, as the client encoded
     * it (header and body), with the ids that client's session authenticated with. The leader
     * prepares it like its own clients' writes; the learner answers its client when the txn
     * carrying (sessionId, cxid) is applied on its own log.
     */
    record Forward(long sessionId, byte[] request, List<Id> auth) implements ZabPacket {
        public Forward {
            Objects.requireNonNull(request, "request");
            auth = List.copyOf(auth);
        }
    }

    /** Learner → leader: one of its clients opened a session; propose its createSession. */
    record ForwardSession(long sessionId, int timeoutMs) implements ZabPacket {
    }

    /** Learner → leader: a client asked for sync; answered with {@link SyncReply}. */
    record SyncRequest(long requestId) implements ZabPacket {
    }

    /**
     * Leader → learner: every write committed before the sync request arrived has a zxid of at
     * most {@code zxid}; the learner answers once it applied that far.
     */
    record SyncReply(long requestId, long zxid) implements ZabPacket {
    }

    /**
     * Leader → learner, after {@link Snap}: one piece of the snapshot at {@code zxid}, in order
     * from index 0; the last piece says so. The learner acks each with {@link SnapAck}; the leader
     * keeps only a few pieces unacknowledged, so a large tree streams with backpressure.
     */
    record SnapChunk(long zxid, int index, boolean last, byte[] data) implements ZabPacket {
        public SnapChunk {
            Objects.requireNonNull(data, "data");
        }
    }

    /** Learner → leader: snapshot piece {@code index} of the snapshot at {@code zxid} arrived. */
    record SnapAck(long zxid, int index) implements ZabPacket {
    }
}
