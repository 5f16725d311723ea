package io.warden.persistence.dump;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Zxid;
import io.warden.persistence.replica.ReplicaLog;
import io.warden.persistence.replica.ReplicaLog.AcceptEpoch;
import io.warden.persistence.replica.ReplicaLog.Append;
import io.warden.persistence.replica.ReplicaLog.Epochs;
import io.warden.persistence.replica.ReplicaLog.GetSnapshotOfState;
import io.warden.persistence.replica.ReplicaLog.Logged;
import io.warden.persistence.replica.ReplicaLog.Output;
import io.warden.persistence.replica.ReplicaLog.Recovered;
import io.warden.persistence.replica.ReplicaLog.SetCurrentEpoch;
import io.warden.persistence.replica.ReplicaLog.Settings;
import io.warden.persistence.replica.ReplicaLog.StateView;
import io.warden.persistence.replica.ReplicaLog.TruncateTo;
import io.warden.persistence.replica.ReplicaLog.Truncated;
import io.warden.persistence.replica.SnapshotPolicy;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogDumpTest {
    /** The server's id: a node's myid (3 below) no longer picks the log. */
    private static final String PID = ReplicaLog.PERSISTENCE_ID;
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static Txn txn(long counter, TxnBody body) {
        return new Txn(0x51, (int) counter, Zxid.of(1, counter), T0 + counter, body);
    }

    /** Writes: epochs, 12 txns in 4 appends (snapCount 5), 2 pending then truncated away. */
    private StateView writeLog() {
        ActorTestKit testKit = ActorTestKit.create("dump", ConfigFactory.parseString("""
                        pekko.actor.allow-java-serialization = off
                        pekko.loglevel = WARNING
                        pekko.persistence.journal.plugin = "warden.persistence.journal"
                        pekko.persistence.snapshot-store.plugin = "warden.persistence.snapshot-store"
                        warden.persistence.journal.segment-size = 1 MiB
                        """)
                .withValue("warden.persistence.journal.directory", ConfigValueFactory.fromAnyRef(dir.resolve("log").toString()))
                .withValue("warden.persistence.snapshot-store.directory", ConfigValueFactory.fromAnyRef(dir.resolve("data").toString()))
                .withFallback(ConfigFactory.load()));
        try {
            TestProbe<Output> listener = testKit.createTestProbe();
            ActorRef<ReplicaLog.Command> log = testKit.spawn(ReplicaLog.create(PID, listener.getRef(),
                    Settings.DEFAULT.withSnapshots(new SnapshotPolicy(5, 3))));
            listener.expectMessageClass(Recovered.class, Duration.ofSeconds(30));
            TestProbe<StatusReply<Epochs>> epochs = testKit.createTestProbe();
            log.tell(new AcceptEpoch(1, epochs.getRef()));
            epochs.receiveMessage(Duration.ofSeconds(10));
            log.tell(new SetCurrentEpoch(1, epochs.getRef()));
            epochs.receiveMessage(Duration.ofSeconds(10));

            TestProbe<StatusReply<Logged>> logged = testKit.createTestProbe();
            long counter = 0;
            for (int append = 0; append < 4; append++) {
                List<Txn> txns = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    counter++;
                    txns.add(counter % 2 == 1
                            ? txn(counter, new TxnBody.Create("/n" + counter, "hello".getBytes(StandardCharsets.US_ASCII),
                            Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                            : txn(counter, new TxnBody.SetData("/n" + (counter - 1), new byte[]{0, 1, 2, (byte) 0xff}, 1)));
                }
                log.tell(new Append(txns, txns.get(2).zxid(), logged.getRef()));
                assertTrue(logged.receiveMessage(Duration.ofSeconds(10)).isSuccess());
            }
            log.tell(new Append(List.of(txn(13, new TxnBody.Delete("/n1")), txn(14, new TxnBody.CreateSession(4000))),
                    0, logged.getRef()));
            assertTrue(logged.receiveMessage(Duration.ofSeconds(10)).isSuccess());
            TestProbe<StatusReply<Truncated>> truncated = testKit.createTestProbe();
            log.tell(new TruncateTo(Zxid.of(1, 12), truncated.getRef()));
            assertTrue(truncated.receiveMessage(Duration.ofSeconds(10)).isSuccess());
            TestProbe<StatusReply<StateView>> view = testKit.createTestProbe();
            log.tell(new GetSnapshotOfState(view.getRef()));
            StateView state = view.receiveMessage(Duration.ofSeconds(10)).getValue();
            // snapshot points at 5 and 10 committed txns (after the 2nd and 4th append)
            await().atMost(Duration.ofSeconds(30)).until(() -> files(dir.resolve("data")).size() == 2);
            return state;
        } finally {
            testKit.shutdownTestKit();
        }
    }

    private static Map<String, Long> files(Path d) throws IOException {
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(d)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                sizes.put(d.relativize(p) + "@" + Files.getLastModifiedTime(p).toMillis(), Files.size(p));
            }
        }
        return sizes;
    }

    @Test
    void printsEveryTxnAndEverySnapshotWithoutTouchingTheFiles() throws IOException {
        StateView state = writeLog();
        Files.writeString(dir.resolve("data").resolve("myid"), "3\n");
        Map<String, Long> before = files(dir);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LogDump.run(new String[]{dir.resolve("log").toString(), dir.resolve("data").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String dump = out.toString(StandardCharsets.UTF_8);
        System.out.println(dump);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertEquals(before, files(dir), "LogDump must not change the directories");

        assertTrue(dump.contains("acceptedEpoch 1"), dump);
        assertTrue(dump.contains("currentEpoch 1"), dump);
        assertTrue(dump.contains("2023-11-14T22:13:20.001Z session 0x51 cxid 0x1 zxid 0x100000001 create path=/n1 "
                + "data=5B:'hello' acl=[world:anyone:cdrwa] mode=PERSISTENT parentCVersion=-1"), dump);
        assertTrue(dump.contains("zxid 0x100000002 setData path=/n1 data=4B:#000102ff version=1"), dump);
        assertTrue(dump.contains("zxid 0x10000000d delete path=/n1"), dump);
        assertTrue(dump.contains("zxid 0x10000000e createSession timeoutMs=4000"), dump);
        assertTrue(dump.contains("truncate to 0x10000000c"), dump);
        assertTrue(dump.contains("8 event(s), 14 txn(s)"), dump);
        long txnLines = dump.lines().filter(l -> l.startsWith("  ")).count();
        assertEquals(14, txnLines);

        assertTrue(dump.contains("2 snapshot(s) of " + PID), dump);
        assertTrue(dump.contains("zxid 0x10000000c committed 0x10000000c digest "
                + String.format("%016x", state.tree().digest()) + " nodes " + state.tree().nodeCount()), dump);
        assertTrue(dump.contains("zxid 0x100000006 committed 0x100000006"), dump);
    }

    @Test
    void aNodesOwnDirectoriesWorkWithoutAMyidFile_andADirectoryHoldingNeitherIsAnError() throws IOException {
        writeLog();
        // lay the files out as a node does: dataLogDir/log and dataDir/snapshots, no myid (standalone)
        Path node = dir.resolve("node");
        Files.createDirectories(node.resolve("datalog"));
        Files.createDirectories(node.resolve("data"));
        Files.move(dir.resolve("log"), node.resolve("datalog").resolve("log"));
        Files.move(dir.resolve("data"), node.resolve("data").resolve("snapshots"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LogDump.run(new String[]{node.resolve("datalog").toString(), node.resolve("data").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String dump = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(dump.contains("Warden replica log " + PID), "the only log in the journal: " + dump);
        assertTrue(dump.contains("8 event(s), 14 txn(s)"), dump);
        assertTrue(dump.contains("2 snapshot(s) of " + PID), dump);

        Path empty = Files.createDirectories(dir.resolve("empty"));
        err.reset();
        assertEquals(1, LogDump.run(new String[]{empty.toString()}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(empty + " is neither a node's dataLogDir (no log/ folder)"
                + " nor a folder of journal-*.seg files"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsGetTheUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, LogDump.run(new String[]{}, System.out, errStream));
        assertEquals(2, LogDump.run(new String[]{"--bogus", "x"}, System.out, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: LogDump"));
        assertEquals(1, LogDump.run(new String[]{dir.resolve("missing").toString()}, System.out, errStream));
    }
}
