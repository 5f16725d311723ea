package io.warden.actors.session;

/**
 * What sessions need from the server configuration.
 *
 * @param maxOutstandingPerConnection requests one connection may have unanswered before its
 *                                    socket stops being read
 * @param globalOutstandingLimit      the same bound over all connections (ZooKeeper's
 *                                    globalOutstandingLimit)
 * @param superDigest                 "super:hash" when a super user is configured, else null
 * @param skipAcl                     ZooKeeper's skipACL: no ACL is checked
 * @param handshakeTimeoutMs          how long a new connection may take to send its connect
 *                                    request (ZooKeeper: 10 s) before it is closed
 */
public record SessionSettings(int tickTimeMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                              int maxOutstandingPerConnection, int globalOutstandingLimit,
                              String superDigest, boolean skipAcl, int handshakeTimeoutMs) {
    public SessionSettings {
        if (minSessionTimeoutMs <= 0 || minSessionTimeoutMs > maxSessionTimeoutMs) {
            throw new IllegalArgumentException("need 0 < minSessionTimeoutMs <= maxSessionTimeoutMs, got "
                    + minSessionTimeoutMs + " and " + maxSessionTimeoutMs);
        }
        if (maxOutstandingPerConnection <= 0 || globalOutstandingLimit <= 0 || handshakeTimeoutMs <= 0) {
            throw new IllegalArgumentException("outstanding limits and the handshake timeout must be positive");
        }
    }

    /** The timeout a session gets: the client's request clamped to [min, max], as ZooKeeper does. */
    public int negotiateTimeoutMs(int requestedMs) {
        return Math.max(minSessionTimeoutMs, Math.min(maxSessionTimeoutMs, requestedMs));
    }
}
