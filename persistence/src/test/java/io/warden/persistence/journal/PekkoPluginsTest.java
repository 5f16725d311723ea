package io.warden.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both plugins under a real EventSourcedBehavior, across actor-system restarts. */
class PekkoPluginsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    private Config config() {
        return config(false);
    }

    private Config config(boolean failReplayFromDeleted) {
        return ConfigFactory.parseString("""
                pekko.persistence.journal.plugin = "warden.persistence.journal"
                pekko.persistence.snapshot-store.plugin = "warden.persistence.snapshot-store"
                warden.persistence.journal.segment-size = 256 KiB
                warden.persistence.snapshot-store.streamable-codecs {
                  "notebook-v1" = "io.warden.persistence.journal.Notebook$StateCodec"
                }
                pekko.actor.allow-java-serialization = on
                pekko.actor.warn-about-java-serializer-usage = off
                """)
                .withValue("warden.persistence.journal.fail-replay-from-deleted",
                        ConfigValueFactory.fromAnyRef(failReplayFromDeleted))
                .withValue("warden.persistence.journal.directory",
                        ConfigValueFactory.fromAnyRef(root.resolve("log").toString()))
                .withValue("warden.persistence.snapshot-store.directory",
                        ConfigValueFactory.fromAnyRef(root.resolve("snap").toString()))
                .withFallback(ConfigFactory.load());
    }

    /** One actor-system lifetime. */
    private final class Incarnation implements AutoCloseable {
        final ActorTestKit kit;
        final TestProbe<String> observer;

        Incarnation() {
            this(config());
        }

        Incarnation(Config config) {
            kit = ActorTestKit.create("plugins", config);
            observer = kit.createTestProbe();
        }

        ActorRef<Notebook.Command> spawn(String id, boolean streamed) {
            return kit.spawn(new Notebook(id, observer.getRef(), streamed));
        }

        void add(ActorRef<Notebook.Command> notebook, int from, int to) {
            TestProbe<Long> replies = kit.createTestProbe();
            for (int i = from; i <= to; i++) {
                notebook.tell(new Notebook.Add("line " + i, replies.getRef()));
            }
            for (int i = from; i <= to; i++) {
                assertEquals(i, replies.expectMessage(TIMEOUT, (long) i));
            }
        }

        List<String> lines(ActorRef<Notebook.Command> notebook) {
            TestProbe<List<String>> probe = kit.createTestProbe();
            notebook.tell(new Notebook.Get(probe.getRef()));
            return probe.receiveMessage(TIMEOUT);
        }

        @Override
        public void close() {
            kit.shutdownTestKit();
        }
    }

    private static List<String> lines(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "line " + i).toList();
    }

    private void writeTwentyTwoLines(boolean streamed) {
        try (Incarnation first = new Incarnation()) {
            ActorRef<Notebook.Command> nb = first.spawn("nb", streamed);
            first.observer.expectMessage(TIMEOUT, "recovered 0");
            first.add(nb, 1, 22);
        }
    }

    private List<Path> snapshotFiles() throws Exception {
        try (Stream<Path> s = Files.list(root.resolve("snap"))) {
            return s.sorted().toList();
        }
    }

    @Test
    void eventsAndStreamedSnapshots_surviveARestart() throws Exception {
        writeTwentyTwoLines(true);
        List<Path> snaps = snapshotFiles();
        assertTrue(snaps.size() >= 2 && snaps.stream().noneMatch(p -> p.toString().contains("-5-")),
                "retention keeps the newest snapshots only: " + snaps);
        try (Incarnation second = new Incarnation()) {
            ActorRef<Notebook.Command> nb = second.spawn("nb", true);
            second.observer.expectMessage(TIMEOUT, "loaded snapshot of 20");
            second.observer.expectMessage(TIMEOUT, "recovered 22");
            assertEquals(lines(22), second.lines(nb));
            second.add(nb, 23, 24);
        }
    }

    @Test
    void eventsAndSerializedSnapshots_surviveARestart() {
        writeTwentyTwoLines(false);
        try (Incarnation second = new Incarnation()) {
            ActorRef<Notebook.Command> nb = second.spawn("nb", false);
            second.observer.expectMessage(TIMEOUT, "loaded snapshot of 20");
            assertEquals(lines(22), second.lines(nb));
        }
    }

    @Test
    void corruptNewestSnapshot_isSkippedForTheOlderValidOne() throws Exception {
        writeTwentyTwoLines(true);
        Path newest = snapshotFiles().stream().filter(p -> p.getFileName().toString().contains("-20-")).findFirst()
                .orElseThrow();
        flipLastBodyByte(newest);
        try (Incarnation second = new Incarnation()) {
            ActorRef<Notebook.Command> nb = second.spawn("nb", true);
            second.observer.expectMessage(TIMEOUT, "loaded snapshot of 15");
            second.observer.expectMessage(TIMEOUT, "recovered 22");
            assertEquals(lines(22), second.lines(nb));
        }
    }

    @Test
    void everySnapshotCorrupt_failsRecoveryClearly() throws Exception {
        writeTwentyTwoLines(true);
        for (Path p : snapshotFiles()) {
            flipLastBodyByte(p);
        }
        try (Incarnation second = new Incarnation()) {
            second.spawn("nb", true);
            String failure = second.observer.receiveMessage(TIMEOUT);
            assertTrue(failure.startsWith("failed") && failure.contains("every candidate was damaged"), failure);
        }
    }

    @Test
    void lostSnapshots_failRecoveryInsteadOfSkippingDeletedEvents_whenFailReplayFromDeletedIsOn() throws Exception {
        writeTwentyTwoLines(true);
        for (Path p : snapshotFiles()) {
            Files.delete(p);
        }
        try (Incarnation strict = new Incarnation(config(true))) {
            strict.spawn("nb", true);
            String failure = strict.observer.receiveMessage(TIMEOUT);
            assertTrue(failure.startsWith("failed") && failure.contains("needs events deleted up to"), failure);
        }
        try (Incarnation lenient = new Incarnation(config(false))) {
            ActorRef<Notebook.Command> nb = lenient.spawn("nb", true);
            lenient.observer.expectMessage(TIMEOUT, "recovered 12");
            assertEquals(lines(22).subList(10, 22), lenient.lines(nb), "Pekko's default: start after the deletion");
        }
    }

    @Test
    void concurrentPersistentActors_shareFsyncs() throws Exception {
        try (Incarnation inc = new Incarnation()) {
            List<ActorRef<Notebook.Command>> notebooks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                notebooks.add(inc.spawn("many-" + i, true));
            }
            for (int i = 0; i < 16; i++) {
                inc.observer.expectMessage(TIMEOUT, "recovered 0");
            }
            TestProbe<Long> replies = inc.kit.createTestProbe();
            for (int round = 1; round <= 4; round++) {
                for (ActorRef<Notebook.Command> nb : notebooks) {
                    nb.tell(new Notebook.Add("x", replies.getRef()));
                }
            }
            replies.receiveSeveralMessages(64, TIMEOUT);
            var journal = Adapter.toClassic(inc.kit.system()).actorSelection("/system/warden.persistence.journal");
            LogStats stats = (LogStats) Patterns.ask(journal, FileJournal.GetStats.INSTANCE, TIMEOUT)
                    .toCompletableFuture().get();
            assertTrue(stats.appendRequests() >= 64, stats.toString());
            assertTrue(stats.fsyncs() < stats.appendRequests(), "no group commit through the plugin: " + stats);
        }
    }

    private static void flipLastBodyByte(Path file) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long at = raf.length() - 17;
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0x01);
        }
    }
}
