package io.warden.client;

import static io.warden.client.Clients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.client.SessionState;
import io.warden.api.client.WardenClient;
import io.warden.api.client.recipes.DistributedLock;
import io.warden.api.client.recipes.HeldLock;
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

/** The lock recipe: never two holders among contending clients; a killed holder's lock passes on. */
class LockRecipeTest {
    @RegisterExtension
    static final Compat compat = new Compat(ServerSettings.defaults());

    @CompatTest
    void contendingClientsNeverHoldTheLockTogetherAndAllGetATurn(Target target) throws Exception {
        String lockPath = compat.uniquePath();
        int clients = 4;
        int rounds = 15;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        AtomicInteger turns = new AtomicInteger();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            WardenClient c = Clients.connect(compat, compat.server(target).connectString());
            DistributedLock lock = new DistributedLock(c, lockPath);
            loops.add(Clients.repeat(rounds, () -> lock.acquire().thenCompose(held -> {
                int now = holders.incrementAndGet();
                maxHolders.accumulateAndGet(now, Math::max);
                turns.incrementAndGet();
                // Hold it across a round trip to the server, so that a second holder would overlap.
                return c.sync("/").thenCompose(v -> {
                    holders.decrementAndGet();
                    return held.release();
                });
            })).toCompletableFuture());
        }
        loops.forEach(Clients::await);
        assertEquals(1, maxHolders.get(), "never two holders at once");
        assertEquals(clients * rounds, turns.get());
        WardenClient check = Clients.connect(compat, compat.server(target).connectString());
        assertEquals(List.of(), await(check.getChildren(lockPath)), "every contender's node is gone");
    }

    @CompatTest
    void aKilledHoldersLockPassesToTheNextAndTheHolderIsTold(Target target) throws Exception {
        String lockPath = compat.uniquePath();
        TcpProxy proxy = compat.register(new TcpProxy(compat.server(target).port()));
        WardenClient doomed = Clients.connect(compat, proxy.connectString());
        WardenClient next = Clients.connect(compat, compat.server(target).connectString());
        HeldLock held = await(new DistributedLock(doomed, lockPath).acquire());
        CompletableFuture<HeldLock> waiting =
                new DistributedLock(next, lockPath).acquire().toCompletableFuture();
        await(next.sync("/"));
        assertFalse(waiting.isDone(), "the lock is held");

        proxy.cut();
        Clients.endSession(compat, compat.server(target).connectString(), doomed); // its lock node goes with it

        HeldLock second = await(waiting);
        assertTrue(second.node().startsWith(lockPath + "/lock-"));
        proxy.heal();
        assertEquals(SessionState.EXPIRED, await(held.lost()), "the old holder learns it lost the lock");
        await(second.release());
    }
}
