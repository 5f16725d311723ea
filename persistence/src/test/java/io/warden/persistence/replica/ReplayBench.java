package io.warden.persistence.replica;

import io.warden.persistence.replica.ReplicaEvent.ProposalsLogged;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;

import java.util.ArrayList;
import java.util.List;

/**
 * Replay speed of the replica log's event handler without any journal: decode ProposalsLogged
 * events from their bytes and apply them, as recovery does after reading the journal.
 *
 * <p>Run: {@code mvn -o -q -pl persistence test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.warden.persistence.replica.ReplayBench -Dexec.args="100000 100"}
 * (args: txn count, txns per event). A program, not a test: figures depend on the machine.
 */
public final class ReplayBench {
    private ReplayBench() {
    }

    public static void main(String[] args) {
        int txnCount = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int perEvent = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Workload workload = new Workload(42);
        List<byte[]> events = new ArrayList<>();
        long bytes = 0;
        for (int written = 0; written < txnCount; written += perEvent) {
            List<Txn> txns = workload.next(Math.min(perEvent, txnCount - written));
            byte[] encoded = ReplicaEventCodec.encode(new ProposalsLogged(txns, txns.get(txns.size() - 1).zxid()));
            events.add(encoded);
            bytes += encoded.length;
        }
        System.out.printf("%d txns in %d events, %.1f MiB%n", txnCount, events.size(), bytes / 1048576.0);
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            ReplicaState state = ReplicaState.initial(DataTree.fresh());
            long seqNr = 0;
            for (byte[] event : events) {
                state = state.apply(ReplicaEventCodec.decode(ReplicaEventCodec.PROPOSALS_LOGGED, event), ++seqNr,
                        SnapshotPolicy.DEFAULT);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %.3f s, %.0f txns/s, %d nodes, digest %016x%n", round, seconds,
                    txnCount / seconds, state.tree().nodeCount(), state.tree().digest());
        }
    }
}
