package io.warden.actors.config;

import java.util.Optional;

/**
 * One {@code server.N} line: a member of the ensemble.
 *
 * @param sid           the server id (N, and the content of that server's myid file)
 * @param host          the host peers dial (name or literal, IPv6 without brackets)
 * @param quorumPort    the port followers and observers use to reach this server when it leads
 * @param electionPort  the port used for leader election
 * @param observer      true for a non-voting observer, false for a voting participant
 * @param clientAddress the client address given after {@code ;} on the line, if any (its host is
 *                      {@value ClientService#WILDCARD_ADDRESS} when only a port was given)
 */
public record QuorumServer(
        long sid, String host, int quorumPort, int electionPort, boolean observer,
        Optional<HostPort> clientAddress) {

    public QuorumServer {
        Checks.atLeast("server id", sid, 0);
        String name = "server." + sid;
        Checks.notBlank(name + " host", host);
        Checks.port(name + " quorum port", quorumPort);
        Checks.port(name + " election port", electionPort);
        if (quorumPort == electionPort) {
            throw new IllegalArgumentException(name + ": quorum port and election port must differ (both "
                    + quorumPort + ")");
        }
        Checks.notNull(name + " client address", clientAddress);
        clientAddress.ifPresent(c -> {
            if (c.port() == quorumPort || c.port() == electionPort) {
                throw new IllegalArgumentException(name + ": client port " + c.port()
                        + " must differ from its quorum and election ports");
            }
        });
    }

    /** A participant (voting member) with no client address on its line. */
    public static QuorumServer participant(long sid, String host, int quorumPort, int electionPort) {
        return new QuorumServer(sid, host, quorumPort, electionPort, false, Optional.empty());
    }

    /** An observer (non-voting member) with no client address on its line. */
    public static QuorumServer observer(long sid, String host, int quorumPort, int electionPort) {
        return new QuorumServer(sid, host, quorumPort, electionPort, true, Optional.empty());
    }

    public HostPort quorumAddress() {
        return new HostPort(host, quorumPort);
    }

    public HostPort electionAddress() {
        return new HostPort(host, electionPort);
    }

    /** The line's value in zoo.cfg syntax, e.g. {@code host:2888:3888:participant;0.0.0.0:2181}. */
    public String toConfigValue() {
        String hostPart = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return hostPart + ":" + quorumPort + ":" + electionPort + (observer ? ":observer" : ":participant")
                + clientAddress.map(c -> ";" + c).orElse("");
    }
}
