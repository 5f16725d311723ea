package io.warden.persistence.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.warden.persistence.journal.FileJournal;
import io.warden.persistence.journal.LogStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/** The same load as the log scenarios, but through persistent actors and the journal plugin. */
final class PluginBench {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private PluginBench() {
    }

    record Write(byte[] event, ActorRef<Long> replyTo) {
    }

    /** Persists each 1 KiB event and replies with the count once it is durable. */
    static final class Entity extends EventSourcedBehavior<Write, byte[], Long> {
        Entity(String id) {
            super(PersistenceId.ofUniqueId(id));
        }

        @Override
        public Long emptyState() {
            return 0L;
        }

        @Override
        public CommandHandler<Write, byte[], Long> commandHandler() {
            return newCommandHandlerBuilder().forAnyState()
                    .onCommand(Write.class, (state, w) -> Effect().persist(w.event()).thenReply(w.replyTo(), s -> s))
                    .build();
        }

        @Override
        public EventHandler<Long, byte[]> eventHandler() {
            return newEventHandlerBuilder().forAnyState().onEvent(byte[].class, (state, e) -> state + 1).build();
        }
    }

    static JournalBench.Result run(Path dir, int writers, double seconds) throws Exception {
        Config config = ConfigFactory.parseString("""
                pekko.persistence.journal.plugin = "warden.persistence.journal"
                pekko.loglevel = WARNING
                """)
                .withValue("warden.persistence.journal.directory", ConfigValueFactory.fromAnyRef(dir.toString()))
                .withFallback(ConfigFactory.load());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "journal-bench", config);
        try {
            List<ActorRef<Write>> entities = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                entities.add(system.systemActorOf(new Entity("bench-" + i), "entity-" + i, Props.empty()));
            }
            drive(system, entities, 1.0, new JournalBench.LatencyLog[writers]);
            LogStats before = stats(system);
            JournalBench.LatencyLog[] lats = new JournalBench.LatencyLog[writers];
            long start = System.nanoTime();
            long ops = drive(system, entities, seconds, lats);
            double elapsed = (System.nanoTime() - start) / 1e9;
            LogStats after = stats(system);
            double perFsync = (double) (after.appendRequests() - before.appendRequests())
                    / Math.max(1, after.fsyncs() - before.fsyncs());
            return new JournalBench.Result("pekko plugin, " + writers + " actors", ops, elapsed,
                    JournalBench.LatencyLog.merge(lats), String.format(Locale.ROOT, "%.1f appends/fsync", perFsync));
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get();
        }
    }

    private static long drive(ActorSystem<Void> system, List<ActorRef<Write>> entities, double seconds,
                              JournalBench.LatencyLog[] lats) throws InterruptedException {
        AtomicLong total = new AtomicLong();
        CountDownLatch done = new CountDownLatch(entities.size());
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int i = 0; i < entities.size(); i++) {
            ActorRef<Write> entity = entities.get(i);
            JournalBench.LatencyLog lat = new JournalBench.LatencyLog();
            lats[i] = lat;
            Thread t = new Thread(() -> {
                byte[] event = new byte[JournalBench.RECORD_BYTES - 120];
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    AskPattern.<Write, Long>ask(entity, replyTo -> new Write(event, replyTo), TIMEOUT,
                            system.scheduler()).toCompletableFuture().join();
                    lat.add(System.nanoTime() - t0);
                    total.incrementAndGet();
                }
                done.countDown();
            }, "bench-driver-" + i);
            t.start();
        }
        done.await();
        return total.get();
    }

    private static LogStats stats(ActorSystem<Void> system) throws Exception {
        var journal = Adapter.toClassic(system).actorSelection("/system/warden.persistence.journal");
        return (LogStats) Patterns.ask(journal, FileJournal.GetStats.INSTANCE, TIMEOUT).toCompletableFuture().get();
    }
}
