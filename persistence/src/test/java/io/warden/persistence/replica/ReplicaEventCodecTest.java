package io.warden.persistence.replica;

import io.warden.persistence.replica.ReplicaEvent.CommitMarked;
import io.warden.persistence.replica.ReplicaEvent.EpochAccepted;
import io.warden.persistence.replica.ReplicaEvent.EpochCurrent;
import io.warden.persistence.replica.ReplicaEvent.ProposalsLogged;
import io.warden.persistence.replica.ReplicaEvent.TruncatedTo;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaEventCodecTest {
    private final ReplicaSerializer serializer = new ReplicaSerializer();

    @Test
    void everyEventRoundTrips() throws Exception {
        List<Txn> txns = new Workload(11).next(120);
        List<ReplicaEvent> events = List.of(new ProposalsLogged(txns, txns.get(3).zxid()), new CommitMarked(0x100000007L),
                new EpochAccepted(5), new EpochCurrent(4), new TruncatedTo(0x500000002L),
                new ReplicaEvent.SnapshotInstallBegun(0x2000000c8L),
                new ReplicaEvent.SnapshotInstalled(0x2000000c8L, 0x8badf00d_deadbeefL));
        for (ReplicaEvent event : events) {
            String manifest = serializer.manifest(event);
            assertEquals(event, serializer.fromBinary(serializer.toBinary(event), manifest));
        }
    }

    /**
     * The in-place batch encoding is the documented grammar: committedZxid, count, and each txn
     * as its length and TxnCodec's bytes of that txn alone (so its CRC covers only itself).
     */
    @Test
    void proposalsAreEncodedAsLengthPrefixedTxnsInPlace() throws IOException {
        List<Txn> txns = new Workload(14).next(40);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(expected);
        out.writeLong(txns.get(9).zxid());
        out.writeInt(txns.size());
        for (Txn txn : txns) {
            byte[] encoded = io.warden.persistence.txn.TxnCodec.encode(txn);
            out.writeInt(encoded.length);
            out.write(encoded);
        }
        assertArrayEquals(expected.toByteArray(), ReplicaEventCodec.encode(new ProposalsLogged(txns, txns.get(9).zxid())));
    }

    @Test
    void damagedEventsAreRejectedNotMisread() {
        List<Txn> txns = new Workload(12).next(3);
        byte[] bytes = ReplicaEventCodec.encode(new ProposalsLogged(txns, 0));

        ReplicaFormatException truncated = assertThrows(ReplicaFormatException.class,
                () -> ReplicaEventCodec.decode(ReplicaEventCodec.PROPOSALS_LOGGED, Arrays.copyOf(bytes, bytes.length - 3)));
        assertTrue(truncated.getMessage().contains("P1"), truncated.getMessage());

        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(ReplicaFormatException.class, () -> ReplicaEventCodec.decode(ReplicaEventCodec.PROPOSALS_LOGGED, longer));

        byte[] badCount = bytes.clone();
        badCount[8] = (byte) 0x7f;
        ReplicaFormatException count = assertThrows(ReplicaFormatException.class,
                () -> ReplicaEventCodec.decode(ReplicaEventCodec.PROPOSALS_LOGGED, badCount));
        assertTrue(count.getMessage().contains("count"), count.getMessage());

        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[8], "Z9"));
    }

    @Test
    void snapshotRoundTripsWithPendingProposalsAndBookkeeping() throws IOException {
        Workload workload = new Workload(13);
        SnapshotPolicy policy = new SnapshotPolicy(10, 3);
        ReplicaState state = ReplicaState.initial(DataTree.fresh())
                .apply(new EpochAccepted(1), 1, policy)
                .apply(new EpochCurrent(1), 2, policy);
        long seqNr = 2;
        for (int i = 0; i < 10; i++) {
            List<Txn> txns = workload.next(7);
            state = state.apply(new ProposalsLogged(txns, txns.get(2).zxid()), ++seqNr, policy);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplicaEventCodec.writeSnapshot(state, out);
        ReplicaState read = ReplicaEventCodec.readSnapshot(new ByteArrayInputStream(out.toByteArray()));

        assertEquals(state.tree().digest(), read.tree().digest());
        assertEquals(state.pending(), read.pending());
        assertEquals(state.committedZxid(), read.committedZxid());
        assertEquals(state.lastLoggedZxid(), read.lastLoggedZxid());
        assertEquals(state.acceptedEpoch(), read.acceptedEpoch());
        assertEquals(state.currentEpoch(), read.currentEpoch());
        assertEquals(state.appliedTxnCount(), read.appliedTxnCount());
        assertEquals(state.snapshotSeqNrs(), read.snapshotSeqNrs());

        byte[] bytes = out.toByteArray();
        assertThrows(ReplicaFormatException.class,
                () -> ReplicaEventCodec.readSnapshot(new ByteArrayInputStream(Arrays.copyOf(bytes, 20))));
        byte[] notOurs = bytes.clone();
        notOurs[0] = 'X';
        assertThrows(ReplicaFormatException.class,
                () -> ReplicaEventCodec.readSnapshot(new ByteArrayInputStream(notOurs)));
    }
}
