package io.warden.client;

import static io.warden.client.Clients.await;
import static io.warden.client.Clients.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.client.Transaction;
import io.warden.api.client.TransactionFailedException;
import io.warden.api.client.WardenClient;
import io.warden.api.client.recipes.LeaderElection;
import io.warden.api.client.recipes.LeaderElection.Leadership;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import io.warden.compat.harness.TcpProxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leader election among contending clients: one leader at a time (counted from every
 * candidate's own belief), terms that only grow, leadership passing on a killed session and a
 * resignation, and fenced writes refused once the leader's node is gone.
 */
class LeaderElectionTest {
    @RegisterExtension
    static final Compat compat = new Compat(ServerSettings.defaults());

    /** Every candidate's beliefs, counted together. */
    private static final class Beliefs {
        final AtomicInteger leaders = new AtomicInteger();
        final AtomicInteger maxLeaders = new AtomicInteger();
        final List<Long> terms = new CopyOnWriteArrayList<>();

        Recorder<Leadership> follow(LeaderElection e) {
            Recorder<Leadership> r = Recorder.unbounded();
            e.leadership().subscribe(new Flow.Subscriber<>() {
                boolean leading;
                @Override public void onSubscribe(Flow.Subscription s) { r.onSubscribe(s); }
                @Override public void onNext(Leadership l) {
                    if (l.leader() && !leading) {
                        maxLeaders.accumulateAndGet(leaders.incrementAndGet(), Math::max);
                        terms.add(l.term());
                    } else if (!l.leader() && leading) {
                        leaders.decrementAndGet();
                    }
                    leading = l.leader();
                    r.onNext(l);
                }
                @Override public void onError(Throwable t) { r.onError(t); }
                @Override public void onComplete() { r.onComplete(); }
            });
            return r;
        }
    }

    @CompatTest
    void oneLeaderAtATimeAndLeadershipPassesOnAKilledSessionAndAResignation(Target target) throws Exception {
        String path = compat.uniquePath();
        TcpProxy proxy = compat.register(new TcpProxy(compat.server(target).port()));
        WardenClient c0 = Clients.connect(compat, proxy.connectString());
        WardenClient c1 = Clients.connect(compat, compat.server(target).connectString());
        WardenClient c2 = Clients.connect(compat, compat.server(target).connectString());
        Beliefs beliefs = new Beliefs();
        LeaderElection e0 = new LeaderElection(c0, path);
        LeaderElection e1 = new LeaderElection(c1, path);
        LeaderElection e2 = new LeaderElection(c2, path);
        Recorder<Leadership> s0 = beliefs.follow(e0);
        Recorder<Leadership> s1 = beliefs.follow(e1);
        Recorder<Leadership> s2 = beliefs.follow(e2);
        await(e0.join());
        assertTrue(s0.nextMatching(Leadership::leader).leader());
        await(e1.join());
        await(e2.join());
        await(c1.sync("/"));
        await(c2.sync("/"));
        assertFalse(e1.isLeader() || e2.isLeader(), "the first to join leads, alone");
        await(e0.fence(c0.transaction()).create(path + "-by-leader", null, CreateMode.PERSISTENT).commit());

        proxy.cut(); // the leader cannot tell whether its session lives: it steps down at once
        assertEquals(Leadership.FOLLOWER, s0.nextMatching(l -> !l.leader()));
        Clients.endSession(compat, compat.server(target).connectString(), c0); // its node goes with it
        Leadership second = s1.nextMatching(Leadership::leader);
        assertTrue(second.term() > beliefs.terms.get(0), "terms only grow: " + beliefs.terms);
        assertEquals(1, beliefs.maxLeaders.get(), "never two candidates believing they lead at once");

        // A node deleted by hand: the next candidate may hear first, so a stale belief is possible
        // for a moment; a fenced write prepared by the old leader is refused all the same.

        // A write prepared by the leader is refused once its node is gone, however stale its belief.
        Transaction fenced = e1.fence(c1.transaction()).setData(path + "-by-leader", bytes("x"), -1);
        WardenClient admin = Clients.connect(compat, compat.server(target).connectString());
        await(admin.delete(e1.node(), -1));
        TransactionFailedException refused = assertInstanceOf(TransactionFailedException.class,
                Clients.failure(fenced.commit()));
        assertEquals(Code.NO_NODE, refused.code());
        Leadership third = s2.nextMatching(Leadership::leader);
        assertTrue(third.term() > second.term());
        assertEquals(Leadership.FOLLOWER, s1.nextMatching(l -> !l.leader()), "the deposed leader steps down");
        await(e2.resign());
        await(s2.done);
        proxy.heal();
        assertEquals(3, beliefs.terms.size());
    }
}
