package io.warden.actors.config;

/**
 * A host (name, IPv4 or IPv6 literal, kept without brackets) and a port, unresolved: resolving
 * names is the server's business when it binds or dials, never the config's.
 */
public record HostPort(String host, int port) {
    public HostPort {
        Checks.notBlank("host", host);
        if (host.startsWith("[") || host.endsWith("]")) {
            throw new IllegalArgumentException("host \"" + host + "\" must be given without brackets");
        }
        Checks.port("port", port);
    }

    /** True for an IPv6 literal, which needs brackets when joined with a port. */
    public boolean isIpv6Literal() {
        return host.indexOf(':') >= 0;
    }

    /** {@code host:port}, or {@code [v6]:port}: the form zoo.cfg and ZooKeeper's logs use. */
    @Override
    public String toString() {
        return (isIpv6Literal() ? "[" + host + "]" : host) + ":" + port;
    }
}
