package io.warden.persistence.replica;

import io.warden.persistence.replica.FileLogHarness.Running;
import io.warden.persistence.replica.ReplicaLog.Settings;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Write throughput and recovery time of the replica log on the file journal and snapshot store:
 * a log of N txns written in appends of 100 (standalone: each append commits itself), then
 * recovered by a fresh actor system, once replaying the whole journal (no snapshots) and once
 * from the newest snapshot plus the journal tail (snapCount 10,000).
 *
 * <p>Run: {@code mvn -o -q -pl persistence test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.warden.persistence.replica.RecoveryBench -Dexec.args="100000 3"}
 * (args: txn count, recoveries per log). A program, not a test: note the machine's load.
 */
public final class RecoveryBench {
    private RecoveryBench() {
    }

    public static void main(String[] args) throws IOException {
        int txnCount = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        run("full journal replay", txnCount, rounds, new SnapshotPolicy(Integer.MAX_VALUE, 3));
        run("snapshot + tail", txnCount, rounds, new SnapshotPolicy(10_000, 3));
    }

    private static void run(String name, int txnCount, int rounds, SnapshotPolicy policy) throws IOException {
        Path dir = Files.createTempDirectory("warden-recovery-bench");
        Settings settings = Settings.DEFAULT.withSnapshots(policy);
        try {
            ActorTestKit writer = ActorTestKit.create("writer", FileLogHarness.config(dir));
            long start = System.nanoTime();
            try {
                Running running = FileLogHarness.start(writer, "bench", settings);
                // a few txns past a snapshot point, so recovery also replays a tail
                FileLogHarness.write(writer, running, new Workload(42), txnCount + 5_000, 100, 40, 0);
                FileLogHarness.view(writer, running);
            } finally {
                writer.shutdownTestKit();
            }
            double writeSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: wrote %d txns in %.2f s (%.0f txns/s), %.1f MiB on disk%n", name, txnCount + 5_000,
                    writeSeconds, (txnCount + 5_000) / writeSeconds, FileLogHarness.sizeBytes(dir) / 1048576.0);
            for (int round = 0; round < rounds; round++) {
                ActorTestKit reader = ActorTestKit.create("reader", FileLogHarness.config(dir));
                try {
                    Running running = FileLogHarness.start(reader, "bench", settings);
                    double seconds = running.recoveryNanos() / 1e9;
                    System.out.printf("%s: recovery %d: %.2f s (%.0f txns/s), %d nodes, digest %016x%n", name, round,
                            seconds, (txnCount + 5_000) / seconds, running.recovered().tree().nodeCount(),
                            running.recovered().tree().digest());
                } finally {
                    reader.shutdownTestKit();
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
