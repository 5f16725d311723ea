package io.warden.actors.election;

import io.warden.actors.election.ElectionEffect.ArmTimer;
import io.warden.actors.election.ElectionEffect.CancelTimer;
import io.warden.actors.election.ElectionEffect.Decided;
import io.warden.actors.election.ElectionEffect.ElectionTimer;
import io.warden.actors.election.ElectionEffect.SendTo;
import io.warden.actors.election.ElectionEffect.SendToVoters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * A simulated network of election peers on one thread: messages and timers are events on a
 * simulated clock, delivered with a seeded random delay, dropped with a seeded probability, and
 * never delivered to or from a crashed peer. A peer that has decided answers as the real peer
 * does, through {@link Responder}.
 */
final class ElectionNet {
    record Peer(long sid, long zxid, long epoch) {
    }

    private record Event(long atMs, long seq, long to, Notification message, ElectionTimer timer, long timerGen) {
        boolean isDiscoveryCheck() {
            return message == null && timer == null;
        }
    }

    /** How long a decided peer waits for its leader to gather a quorum (discovery's initLimit). */
    static final long DISCOVERY_TIMEOUT_MS = 10_000;

    private final Voters voters;
    private final Set<Long> all = new HashSet<>();
    private final Random random;
    private final double dropRate;
    private final long maxDelayMs;
    private final Map<Long, ElectionCore> cores = new HashMap<>();
    private final Map<Long, Peer> peers = new HashMap<>();
    int restarts;
    private final Map<Long, Long> timerGens = new HashMap<>();
    private final Set<Long> crashed = new HashSet<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>(
            (a, b) -> a.atMs != b.atMs ? Long.compare(a.atMs, b.atMs) : Long.compare(a.seq, b.seq));
    private long nowMs;
    private long seq;
    int delivered;

    ElectionNet(Voters voters, Set<Long> observers, long seed, double dropRate, long maxDelayMs) {
        this.voters = voters;
        this.all.addAll(voters.sids());
        this.all.addAll(observers);
        this.random = new Random(seed);
        this.dropRate = dropRate;
        this.maxDelayMs = maxDelayMs;
    }

    void start(Peer peer, long startAtMs) {
        peers.put(peer.sid(), peer);
        nowMs = Math.max(nowMs, startAtMs);
        startCore(peer, 0);
    }

    private void startCore(Peer peer, long lastRound) {
        ElectionCore core = new ElectionCore(peer.sid(), voters, ElectionTiming.DEFAULT);
        cores.put(peer.sid(), core);
        carryOut(peer.sid(), core.start(peer.zxid(), peer.epoch(), lastRound));
    }

    void crash(long sid) {
        crashed.add(sid);
    }

    ElectionCore core(long sid) {
        return cores.get(sid);
    }

    long nowMs() {
        return nowMs;
    }

    /**
     * Runs until every live started peer has decided on a leader that a quorum of decisions backs,
     * or the simulated time limit passes. A decided peer whose leader has no such backing when the
     * discovery timeout ends looks again, as it would when discovery fails.
     */
    boolean runUntilDecided(long limitMs) {
        while (!events.isEmpty() && nowMs <= limitMs) {
            if (allLiveDecided()) {
                return true;
            }
            Event e = events.poll();
            nowMs = e.atMs;
            if (crashed.contains(e.to)) {
                continue;
            }
            ElectionCore core = cores.get(e.to);
            if (e.isDiscoveryCheck()) {
                if (core.isDecided() && !isBacked(core.decision().vote().leader())) {
                    restarts++;
                    startCore(peers.get(e.to), core.logicalClock());
                }
            } else if (e.timer != null) {
                if (core != null && timerGens.getOrDefault(key(e.to, e.timer), 0L) == e.timerGen) {
                    carryOut(e.to, core.onTimer(e.timer));
                }
            } else if (core != null) {
                delivered++;
                receive(e.to, core, e.message);
            }
        }
        return allLiveDecided();
    }

    private void receive(long sid, ElectionCore core, Notification n) {
        if (crashed.contains(n.sender())) {
            return;
        }
        if (core.isDecided()) {
            Decided d = core.decision();
            Responder.answer(sid, d.role(), d.vote(), d.electionEpoch(), voters, n)
                    .ifPresent(a -> send(n.sender(), a));
            return;
        }
        Responder.answer(sid, PeerState.LOOKING, core.proposal(), core.logicalClock(), voters, n)
                .ifPresent(a -> send(n.sender(), a));
        carryOut(sid, core.onNotification(n));
    }

    private boolean allLiveDecided() {
        return cores.entrySet().stream().filter(e -> !crashed.contains(e.getKey()))
                .allMatch(e -> e.getValue().isDecided() && isBacked(e.getValue().decision().vote().leader()));
    }

    /** A leader that decided to lead and that a quorum of live decisions names. */
    private boolean isBacked(long leader) {
        ElectionCore leaderCore = cores.get(leader);
        if (leaderCore == null || crashed.contains(leader) || !leaderCore.isDecided()
                || leaderCore.decision().vote().leader() != leader) {
            return false;
        }
        List<Long> following = new ArrayList<>();
        decisions().forEach((sid, d) -> {
            if (d.vote().leader() == leader) {
                following.add(sid);
            }
        });
        return voters.isQuorum(following);
    }

    private void carryOut(long sid, List<ElectionEffect> effects) {
        for (ElectionEffect effect : effects) {
            if (effect instanceof SendToVoters s) {
                for (long to : voters.sids()) {
                    if (to != sid) {
                        send(to, s.notification());
                    }
                }
            } else if (effect instanceof SendTo s) {
                send(s.sid(), s.notification());
            } else if (effect instanceof ArmTimer t) {
                long gen = timerGens.merge(key(sid, t.timer()), 1L, Long::sum);
                events.add(new Event(nowMs + t.delayMs(), seq++, sid, null, t.timer(), gen));
            } else if (effect instanceof CancelTimer c) {
                timerGens.merge(key(sid, c.timer()), 1L, Long::sum);
            } else if (effect instanceof Decided) {
                events.add(new Event(nowMs + DISCOVERY_TIMEOUT_MS, seq++, sid, null, null, 0));
            }
        }
    }

    private void send(long to, Notification n) {
        if (random.nextDouble() < dropRate) {
            return;
        }
        events.add(new Event(nowMs + 1 + (long) (random.nextDouble() * maxDelayMs), seq++, to, n, null, 0));
    }

    private static long key(long sid, ElectionTimer timer) {
        return sid * 4 + timer.ordinal();
    }

    /** Every live peer's decision, by sid. */
    Map<Long, Decided> decisions() {
        Map<Long, Decided> out = new HashMap<>();
        cores.forEach((sid, core) -> {
            if (!crashed.contains(sid) && core.isDecided()) {
                out.put(sid, core.decision());
            }
        });
        return out;
    }

    static List<Long> sids(long... sids) {
        List<Long> out = new ArrayList<>();
        for (long s : sids) {
            out.add(s);
        }
        return out;
    }
}
