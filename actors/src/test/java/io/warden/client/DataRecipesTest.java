package io.warden.client;

import static io.warden.client.Clients.await;
import static io.warden.client.Clients.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.client.Change;
import io.warden.api.client.NodeData;
import io.warden.api.client.WardenClient;
import io.warden.api.client.recipes.ConfigWatcher;
import io.warden.api.client.recipes.DistributedCounter;
import io.warden.api.client.recipes.DistributedQueue;
import io.warden.api.client.recipes.ServiceRegistry;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EventType;
import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The data recipes among contending clients: queue, counter, service registry, config watcher. */
class DataRecipesTest {
    @RegisterExtension
    static final Compat compat = new Compat(ServerSettings.defaults());

    @CompatTest
    void everyQueuedItemIsTakenExactlyOnceByContendingConsumers(Target target) throws Exception {
        String path = compat.uniquePath();
        int producers = 2;
        int perProducer = 20;
        List<CompletableFuture<String>> offers = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            DistributedQueue q = new DistributedQueue(Clients.connect(compat, compat.server(target).connectString()), path);
            for (int i = 0; i < perProducer; i++) {
                offers.add(q.offer(bytes(p + ":" + i)).toCompletableFuture());
            }
        }
        Set<String> taken = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        List<CompletableFuture<Void>> consumers = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            DistributedQueue q = new DistributedQueue(Clients.connect(compat, compat.server(target).connectString()), path);
            consumers.add(drain(q, taken, duplicates, producers * perProducer).toCompletableFuture());
        }
        offers.forEach(Clients::await);
        consumers.forEach(Clients::await);
        assertEquals(0, duplicates.get(), "no item taken twice");
        assertEquals(producers * perProducer, taken.size(), "every item taken");

        // take() waits for an item
        DistributedQueue q = new DistributedQueue(Clients.connect(compat, compat.server(target).connectString()), path);
        CompletableFuture<byte[]> waiting = q.take().toCompletableFuture();
        assertEquals(Optional.empty(), await(q.poll()).map(String::new));
        assertFalse(waiting.isDone());
        await(new DistributedQueue(Clients.connect(compat, compat.server(target).connectString()), path).offer(bytes("late")));
        assertArrayEquals(bytes("late"), await(waiting));
    }

    private static CompletionStage<Void> drain(DistributedQueue q, Set<String> taken, AtomicInteger duplicates, int total) {
        if (taken.size() >= total) {
            return CompletableFuture.completedFuture(null);
        }
        return q.poll().thenCompose(item -> {
            item.ifPresent(b -> {
                if (!taken.add(new String(b, StandardCharsets.UTF_8))) {
                    duplicates.incrementAndGet();
                }
            });
            return drain(q, taken, duplicates, total);
        });
    }

    @CompatTest
    void concurrentCounterAddsAreNeitherLostNorDoubled(Target target) throws Exception {
        String path = compat.uniquePath() + "/hits";
        int clients = 4;
        int adds = 15;
        Set<Long> results = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            DistributedCounter counter =
                    new DistributedCounter(Clients.connect(compat, compat.server(target).connectString()), path);
            loops.add(Clients.repeat(adds, () -> counter.add(1).thenAccept(results::add)).toCompletableFuture());
        }
        loops.forEach(Clients::await);
        Set<Long> expected = new HashSet<>();
        for (long v = 1; v <= clients * adds; v++) {
            expected.add(v);
        }
        assertEquals(expected, results, "each add produced its own value: none lost, none repeated");
        WardenClient reader = Clients.connect(compat, compat.server(target).connectString());
        assertEquals(clients * adds, await(new DistributedCounter(reader, path).get()));
    }

    @CompatTest
    void theRegistryFollowsInstancesComingAndGoing(Target target) throws Exception {
        String base = compat.uniquePath();
        WardenClient consumer = Clients.connect(compat, compat.server(target).connectString());
        WardenClient a = Clients.connect(compat, compat.server(target).connectString());
        ServiceRegistry registry = new ServiceRegistry(consumer, base);
        await(new ServiceRegistry(a, base).register("orders", "a", bytes("10.0.0.1:80")));
        Recorder<Change> changes = Recorder.unbounded();
        registry.changes("orders").subscribe(changes);
        await(consumer.sync("/"));
        WardenClient b = compat.register(WardenClient.builder(compat.server(target).connectString()).build());
        await(b.connected());
        await(new ServiceRegistry(b, base).register("orders", "b", bytes("10.0.0.2:80")));
        var instances = await(registry.instances("orders"));
        assertEquals(Set.of("a", "b"), instances.keySet());
        assertArrayEquals(bytes("10.0.0.2:80"), instances.get("b"));
        b.close(); // its session ends: the instance goes
        String bNode = base + "/orders/b";
        Change up = changes.nextMatching(c -> c instanceof Change.Event e && e.path().equals(bNode));
        assertEquals(EventType.NODE_CREATED, ((Change.Event) up).type());
        Change down = changes.nextMatching(c -> c instanceof Change.Event e && e.path().equals(bNode));
        assertEquals(EventType.NODE_DELETED, ((Change.Event) down).type());
        assertEquals(Set.of("a"), await(registry.instances("orders")).keySet());
    }

    @CompatTest
    void theConfigWatcherStreamsEachValueIncludingAbsence(Target target) throws Exception {
        String path = compat.uniquePath();
        WardenClient watcher = Clients.connect(compat, compat.server(target).connectString());
        WardenClient writer = Clients.connect(compat, compat.server(target).connectString());
        Recorder<Optional<NodeData>> values = Recorder.unbounded();
        ConfigWatcher config = ConfigWatcher.start(watcher, path);
        config.values().subscribe(values);
        assertEquals(Optional.empty(), values.next(), "no node yet");
        await(writer.create(path, bytes("v1"), CreateMode.PERSISTENT));
        assertArrayEquals(bytes("v1"), values.next().orElseThrow().data());
        await(writer.setData(path, bytes("v2"), -1));
        NodeData v2 = values.next().orElseThrow();
        assertArrayEquals(bytes("v2"), v2.data());
        assertEquals(1, v2.stat().version());
        await(writer.delete(path, -1));
        assertTrue(values.next().isEmpty(), "deleted: empty again");
        config.close();
        await(values.done);
    }
}
