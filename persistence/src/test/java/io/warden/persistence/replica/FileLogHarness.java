package io.warden.persistence.replica;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.warden.persistence.replica.ReplicaLog.Append;
import io.warden.persistence.replica.ReplicaLog.Command;
import io.warden.persistence.replica.ReplicaLog.GetSnapshotOfState;
import io.warden.persistence.replica.ReplicaLog.Logged;
import io.warden.persistence.replica.ReplicaLog.Output;
import io.warden.persistence.replica.ReplicaLog.Recovered;
import io.warden.persistence.replica.ReplicaLog.Settings;
import io.warden.persistence.replica.ReplicaLog.StateView;
import io.warden.persistence.txn.Txn;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the replica log on the file journal and file snapshot store in a directory: for the
 * recovery tests and {@link RecoveryBench}. Java serialization is off, as in production.
 */
final class FileLogHarness {
    static final Duration LONG = Duration.ofSeconds(60);

    private FileLogHarness() {
    }

    /** dataLogDir = dir/log (journal), dataDir = dir/data (snapshots). */
    static Config config(Path dir) {
        return ConfigFactory.parseString("""
                        pekko.actor.allow-java-serialization = off
                        pekko.loglevel = WARNING
                        pekko.persistence.journal.plugin = "warden.persistence.journal"
                        pekko.persistence.snapshot-store.plugin = "warden.persistence.snapshot-store"
                        warden.persistence.journal.segment-size = 16 MiB
                        warden.persistence.journal.fail-replay-from-deleted = on
                        """)
                .withValue("warden.persistence.journal.directory",
                        ConfigValueFactory.fromAnyRef(dir.resolve("log").toString()))
                .withValue("warden.persistence.snapshot-store.directory",
                        ConfigValueFactory.fromAnyRef(dir.resolve("data").toString()))
                .withFallback(ConfigFactory.load());
    }

    /** A log started on a test kit, with the probe its listener writes to and what it recovered. */
    record Running(ActorRef<Command> log, TestProbe<Output> listener, Recovered recovered, long recoveryNanos) {
    }

    static Running start(ActorTestKit testKit, String persistenceId, Settings settings) {
        TestProbe<Output> listener = testKit.createTestProbe(Output.class);
        long start = System.nanoTime();
        ActorRef<Command> log = testKit.spawn(ReplicaLog.create(persistenceId, listener.getRef(), settings));
        Recovered recovered = listener.expectMessageClass(Recovered.class, LONG);
        return new Running(log, listener, recovered, System.nanoTime() - start);
    }

    /**
     * Appends txnCount txns in appends of perAppend, keeping at most window appends unanswered.
     * commitLag 0: each append commits itself (standalone); 1: each append commits the previous
     * one (an ensemble's commits trailing its proposals), so the last append stays pending.
     */
    static void write(ActorTestKit testKit, Running running, Workload workload, int txnCount, int perAppend,
                      int window, int commitLag) {
        TestProbe<StatusReply<Logged>> replies = testKit.createTestProbe();
        List<Long> lastZxids = new ArrayList<>();
        int sent = 0;
        int answered = 0;
        int appends = (txnCount + perAppend - 1) / perAppend;
        while (answered < appends) {
            while (sent < appends && sent - answered < window) {
                List<Txn> txns = workload.next(Math.min(perAppend, txnCount - sent * perAppend));
                long last = txns.get(txns.size() - 1).zxid();
                long commit = commitLag == 0 ? last : (sent == 0 ? 0 : lastZxids.get(sent - 1));
                lastZxids.add(last);
                running.log().tell(new Append(txns, commit, replies.getRef()));
                sent++;
            }
            StatusReply<Logged> reply = replies.receiveMessage(LONG);
            if (!reply.isSuccess()) {
                throw new AssertionError("append " + answered + " failed: " + reply);
            }
            answered++;
        }
    }

    static StateView view(ActorTestKit testKit, Running running) {
        TestProbe<StatusReply<StateView>> reply = testKit.createTestProbe();
        running.log().tell(new GetSnapshotOfState(reply.getRef()));
        return reply.receiveMessage(LONG).getValue();
    }

    static List<Path> snapshotFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".snap")).sorted().toList();
        }
    }

    static long sizeBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
