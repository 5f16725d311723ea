package io.warden.client;

import static io.warden.client.Clients.await;
import static io.warden.client.Clients.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.client.SessionState;
import io.warden.api.client.WardenClient;
import io.warden.api.client.recipes.Barrier;
import io.warden.api.client.recipes.DistributedSemaphore;
import io.warden.api.client.recipes.DoubleBarrier;
import io.warden.api.client.recipes.HeldLock;
import io.warden.api.client.recipes.ReadWriteLock;
import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import io.warden.compat.harness.TcpProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The waiting recipes among contending clients: read-write lock, semaphore, barrier and double
 * barrier. "Still waiting" is checked after a sync of every waiter's client: by then each waiter's
 * requests have been answered, so a waiter that could go would have gone.
 */
class CoordinationRecipesTest {
    @RegisterExtension
    static final Compat compat = new Compat(ServerSettings.defaults());

    private static List<WardenClient> clients(Target target, int n) throws Exception {
        List<WardenClient> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Clients.connect(compat, compat.server(target).connectString()));
        }
        return out;
    }

    private static void settle(List<WardenClient> clients) {
        // Twice: a waiter's answer can lead to one more request (its watch) before it settles.
        for (int round = 0; round < 2; round++) {
            clients.forEach(c -> await(c.sync("/")));
        }
    }

    @CompatTest
    void readersShareWritersExcludeAndAQueuedWriterGoesBeforeLaterReaders(Target target) throws Exception {
        String path = compat.uniquePath();
        List<WardenClient> cs = clients(target, 4);
        var r1 = await(new ReadWriteLock(cs.get(0), path).readLock());
        var r2 = await(new ReadWriteLock(cs.get(1), path).readLock()); // shares with r1
        var w = new ReadWriteLock(cs.get(2), path).writeLock().toCompletableFuture();
        settle(cs);
        var r3 = new ReadWriteLock(cs.get(3), path).readLock().toCompletableFuture();
        settle(cs);
        assertFalse(w.isDone(), "a writer waits for the readers");
        assertFalse(r3.isDone(), "a reader queued after a writer waits for it (no writer starvation)");
        await(r1.release());
        settle(cs);
        assertFalse(w.isDone(), "one reader still holds it");
        await(r2.release());
        var held = await(w);
        settle(cs);
        assertFalse(r3.isDone(), "the writer excludes readers");
        await(held.release());
        await(await(r3).release());
    }

    @CompatTest
    void aKilledWritersLockPassesToTheWaitingReaderAndTheWriterIsTold(Target target) throws Exception {
        String path = compat.uniquePath();
        TcpProxy proxy = compat.register(new TcpProxy(compat.server(target).port()));
        WardenClient doomed = Clients.connect(compat, proxy.connectString());
        List<WardenClient> others = clients(target, 1);
        var writer = await(new ReadWriteLock(doomed, path).writeLock());
        var reader = new ReadWriteLock(others.get(0), path).readLock().toCompletableFuture();
        settle(others);
        assertFalse(reader.isDone(), "the writer holds it");
        proxy.cut();
        Clients.endSession(compat, compat.server(target).connectString(), doomed); // the writer's node goes with it
        await(await(reader).release());
        proxy.heal();
        assertEquals(SessionState.EXPIRED, await(writer.lost()));
    }

    @CompatTest
    void contendingReadersAndWritersNeverOverlapAWriter(Target target) throws Exception {
        String path = compat.uniquePath();
        AtomicInteger readers = new AtomicInteger();
        AtomicInteger writers = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            WardenClient c = Clients.connect(compat, compat.server(target).connectString());
            ReadWriteLock rw = new ReadWriteLock(c, path);
            boolean writer = i % 2 == 0;
            AtomicInteger mine = writer ? writers : readers;
            loops.add(repeat(8, () -> (writer ? rw.writeLock() : rw.readLock()).thenCompose(held -> {
                mine.incrementAndGet();
                if (writers.get() > 1 || (writers.get() > 0 && readers.get() > 0)) {
                    violations.incrementAndGet();
                }
                return c.sync("/").thenCompose(v -> {
                    mine.decrementAndGet();
                    return held.release();
                });
            })).toCompletableFuture());
        }
        loops.forEach(Clients::await);
        assertEquals(0, violations.get(), "a writer never held the lock with anyone else");
    }

    @CompatTest
    void aSemaphoreGrantsAtMostItsPermitsInArrivalOrder(Target target) throws Exception {
        String path = compat.uniquePath();
        List<WardenClient> cs = clients(target, 4);
        List<HeldLock> leases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leases.add(await(new DistributedSemaphore(cs.get(i), path, 3).acquire()));
        }
        var fourth = new DistributedSemaphore(cs.get(3), path, 3).acquire().toCompletableFuture();
        settle(cs);
        assertFalse(fourth.isDone(), "three permits, three holders");
        await(leases.get(1).release()); // any holder's release lets the next one in
        await(await(fourth).release());

        AtomicInteger holders = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (WardenClient c : cs) {
            DistributedSemaphore s = new DistributedSemaphore(c, path + "-contended", 2);
            loops.add(repeat(6, () -> s.acquire().thenCompose(lease -> {
                max.accumulateAndGet(holders.incrementAndGet(), Math::max);
                return c.sync("/").thenCompose(v -> {
                    holders.decrementAndGet();
                    return lease.release();
                });
            })).toCompletableFuture());
        }
        loops.forEach(Clients::await);
        assertTrue(max.get() <= 2, "at most two leases at once: " + max.get());
    }

    @CompatTest
    void aBarrierHoldsEveryWaiterUntilRemoved(Target target) throws Exception {
        String path = compat.uniquePath() + "/start";
        List<WardenClient> cs = clients(target, 3);
        await(new Barrier(cs.get(0), path).set());
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (WardenClient c : cs.subList(1, 3)) {
            waiting.add(new Barrier(c, path).await().toCompletableFuture());
        }
        settle(cs);
        assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone));
        await(new Barrier(cs.get(0), path).remove());
        waiting.forEach(Clients::await);
        await(new Barrier(cs.get(1), path).await()); // down: passes at once
    }

    @CompatTest
    void aDoubleBarrierLetsEveryoneInTogetherAndOutTogether(Target target) throws Exception {
        String path = compat.uniquePath();
        List<WardenClient> cs = clients(target, 3);
        List<DoubleBarrier> parties = new ArrayList<>();
        cs.forEach(c -> parties.add(new DoubleBarrier(c, path, 3)));
        var in0 = parties.get(0).enter().toCompletableFuture();
        var in1 = parties.get(1).enter().toCompletableFuture();
        settle(cs);
        assertFalse(in0.isDone() || in1.isDone(), "two of three: nobody enters");
        await(parties.get(2).enter());
        await(in0);
        await(in1);
        var out0 = parties.get(0).leave().toCompletableFuture();
        var out1 = parties.get(1).leave().toCompletableFuture();
        settle(cs);
        assertFalse(out0.isDone() || out1.isDone(), "one still inside: nobody has left");
        await(parties.get(2).leave());
        await(out0);
        await(out1);
    }
}
