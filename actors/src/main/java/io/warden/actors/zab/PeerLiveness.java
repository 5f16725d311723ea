package io.warden.actors.zab;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which peers kept in touch, counted in ticks, ZooKeeper's rule for the pings between a leader
 * and its learners: a peer not heard from yet has {@code initLimit} ticks (to connect and sync),
 * one heard from at least once has {@code syncLimit} ticks between two messages. A leader keeps
 * leading while the voters it hears from, itself included, are a quorum; a learner keeps
 * following while it hears from its leader. Ticks, not milliseconds, so the rule is a pure
 * function of the messages and ticks fed in. Mutable, owned by one actor.
 */
public final class PeerLiveness {
    private final int initLimitTicks;
    private final int syncLimitTicks;
    /** Ticks since each watched peer was last heard from (or since watching began). */
    private final Map<Long, Integer> silentTicks = new HashMap<>();
    private final Set<Long> heardOnce = new HashSet<>();

    public PeerLiveness(Collection<Long> watched, int initLimitTicks, int syncLimitTicks) {
        if (initLimitTicks < 1 || syncLimitTicks < 1) {
            throw new IllegalArgumentException("limits are at least one tick: " + initLimitTicks + ", " + syncLimitTicks);
        }
        this.initLimitTicks = initLimitTicks;
        this.syncLimitTicks = syncLimitTicks;
        watched.forEach(sid -> silentTicks.put(sid, 0));
    }

    /** A message from {@code sid} arrived; peers not watched are ignored. */
    public void heard(long sid) {
        if (silentTicks.containsKey(sid)) {
            silentTicks.put(sid, 0);
            heardOnce.add(sid);
        }
    }

    /** One tick passed. */
    public void tick() {
        silentTicks.replaceAll((sid, ticks) -> ticks == Integer.MAX_VALUE ? ticks : ticks + 1);
    }

    /** True when {@code sid} is watched and was heard from within its limit. */
    public boolean isAlive(long sid) {
        Integer ticks = silentTicks.get(sid);
        return ticks != null && ticks <= (heardOnce.contains(sid) ? syncLimitTicks : initLimitTicks);
    }

    /** The watched peers heard from within their limit. */
    public Set<Long> alive() {
        Set<Long> alive = new HashSet<>();
        for (Long sid : silentTicks.keySet()) {
            if (isAlive(sid)) {
                alive.add(sid);
            }
        }
        return alive;
    }
}
