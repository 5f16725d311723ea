package io.warden.actors.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The members of the ensemble and how they elect and follow a leader.
 *
 * @param servers              the {@code server.N} lines, sorted by sid; empty for a standalone server
 * @param standaloneEnabled    with true (the default) an ensemble of one participant runs standalone;
 *                             with false it runs the quorum protocol, so it can later grow by reconfig
 * @param reconfigEnabled      whether clients may change the membership (dynamic reconfiguration)
 * @param electionAlg          the election algorithm; only 3 (fast leader election over TCP) exists
 * @param quorumListenOnAllIPs bind the quorum and election ports on every interface, not just the
 *                             address of this server's line
 * @param leaderServes         whether the leader accepts client connections
 * @param observerSyncEnabled  whether observers log txns and snapshot like participants
 * @param cnxTimeoutMs         connect timeout for election connections
 */
public record Ensemble(
        List<QuorumServer> servers,
        boolean standaloneEnabled,
        boolean reconfigEnabled,
        int electionAlg,
        boolean quorumListenOnAllIPs,
        boolean leaderServes,
        boolean observerSyncEnabled,
        int cnxTimeoutMs) {

    public static final int FAST_LEADER_ELECTION = 3;
    public static final int DEFAULT_CNX_TIMEOUT_MS = 5000;

    public Ensemble {
        Checks.notNull("servers", servers);
        servers = servers.stream().map(s -> Checks.notNull("server", s))
                .sorted(Comparator.comparingLong(QuorumServer::sid)).toList();
        if (electionAlg != FAST_LEADER_ELECTION) {
            throw new IllegalArgumentException("electionAlg (" + electionAlg + ") must be "
                    + FAST_LEADER_ELECTION + ": fast leader election over TCP is the only algorithm");
        }
        Checks.atLeast("cnxTimeoutMs", cnxTimeoutMs, 1);
        checkUniqueSids(servers);
        checkNoSharedAddress(servers);
        checkObserversHaveQuorum(servers, standaloneEnabled);
    }

    /** No {@code server.N} lines: a standalone server, every other setting at its default. */
    public static Ensemble standalone() {
        return of(List.of());
    }

    /** These members, every other setting at its default. */
    public static Ensemble of(List<QuorumServer> servers) {
        return new Ensemble(servers, true, false, FAST_LEADER_ELECTION, false, true, true, DEFAULT_CNX_TIMEOUT_MS);
    }

    public List<QuorumServer> participants() {
        return servers.stream().filter(s -> !s.observer()).toList();
    }

    public List<QuorumServer> observers() {
        return servers.stream().filter(QuorumServer::observer).toList();
    }

    public Optional<QuorumServer> server(long sid) {
        return servers.stream().filter(s -> s.sid() == sid).findFirst();
    }

    /**
     * True when the server runs alone, without the quorum protocol: there are no {@code server.N}
     * lines, or only one participant and {@code standaloneEnabled} (ZooKeeper's rule).
     */
    public boolean isStandalone() {
        return servers.isEmpty() || (standaloneEnabled && participants().size() <= 1);
    }

    /** The number of participant acks that make a quorum: a majority of participants. */
    public int quorumSize() {
        return participants().size() / 2 + 1;
    }

    private static void checkUniqueSids(List<QuorumServer> servers) {
        for (int i = 1; i < servers.size(); i++) {
            if (servers.get(i).sid() == servers.get(i - 1).sid()) {
                throw new IllegalArgumentException("server." + servers.get(i).sid() + " is listed twice");
            }
        }
    }

    /** Two members binding the same host:port could never both start. */
    private static void checkNoSharedAddress(List<QuorumServer> servers) {
        Map<HostPort, String> users = new HashMap<>();
        for (QuorumServer s : servers) {
            List<Map.Entry<HostPort, String>> bound = new ArrayList<>();
            bound.add(Map.entry(s.quorumAddress(), "quorum port of server." + s.sid()));
            bound.add(Map.entry(s.electionAddress(), "election port of server." + s.sid()));
            s.clientAddress().filter(c -> c.host().equals(s.host()))
                    .ifPresent(c -> bound.add(Map.entry(c, "client port of server." + s.sid())));
            for (Map.Entry<HostPort, String> b : bound) {
                String previous = users.putIfAbsent(b.getKey(), b.getValue());
                if (previous != null) {
                    throw new IllegalArgumentException(b.getKey() + " is both the " + previous + " and the "
                            + b.getValue());
                }
            }
        }
    }

    private static void checkObserversHaveQuorum(List<QuorumServer> servers, boolean standaloneEnabled) {
        long participants = servers.stream().filter(s -> !s.observer()).count();
        boolean anyObserver = participants < servers.size();
        if (anyObserver && participants == 0) {
            throw new IllegalArgumentException("observers without participants: at least one server.N must be"
                    + " a participant");
        }
        if (anyObserver && participants == 1 && standaloneEnabled) {
            throw new IllegalArgumentException("observers need a quorum: a single participant with observers"
                    + " requires standaloneEnabled=false");
        }
    }
}
