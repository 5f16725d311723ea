package io.warden.actors.election;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The voting members of the ensemble and what makes a quorum of them: a strict majority.
 * Observers are not voters; their acks and votes never count.
 */
public record Voters(Set<Long> sids) {
    public Voters {
        if (sids.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one voter");
        }
        sids = Set.copyOf(new TreeSet<>(sids));
    }

    public static Voters of(Long... sids) {
        return new Voters(Set.of(sids));
    }

    public boolean isVoter(long sid) {
        return sids.contains(sid);
    }

    /** The number of voters that make a quorum. */
    public int quorumSize() {
        return sids.size() / 2 + 1;
    }

    /** True when the voters among {@code members} are a quorum; non-voters are ignored. */
    public boolean isQuorum(Collection<Long> members) {
        long count = members.stream().distinct().filter(sids::contains).count();
        return count >= quorumSize();
    }
}
