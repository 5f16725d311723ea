package io.warden.api.client;

import io.warden.api.data.Paths;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * ZooKeeper's connect string: {@code host:port[,host:port...][/chroot]}. A missing port is 2181.
 * Addresses stay unresolved here and are resolved at each connection attempt, so a server whose
 * address changes is found again.
 *
 * @param chroot the path every client path is relative to, or "" for none
 */
public record ConnectString(List<InetSocketAddress> servers, String chroot) {
    public static final int DEFAULT_PORT = 2181;

    public ConnectString {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a connect string names at least one server");
        }
    }

    public static ConnectString parse(String connectString) {
        if (connectString == null || connectString.isBlank()) {
            throw new IllegalArgumentException("empty connect string");
        }
        String hosts = connectString;
        String chroot = "";
        int slash = connectString.indexOf('/');
        if (slash >= 0) {
            chroot = connectString.substring(slash);
            hosts = connectString.substring(0, slash);
            if (chroot.equals("/")) {
                chroot = "";
            } else {
                Paths.validate(chroot);
            }
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String part : hosts.split(",")) {
            String hostPort = part.trim();
            if (hostPort.isEmpty()) {
                continue;
            }
            servers.add(parseHostPort(hostPort, connectString));
        }
        return new ConnectString(servers, chroot);
    }

    private static InetSocketAddress parseHostPort(String hostPort, String whole) {
        int colon = hostPort.lastIndexOf(':');
        boolean bracketed = hostPort.startsWith("[");
        if (colon < 0 || (bracketed && colon < hostPort.indexOf(']'))) {
            return InetSocketAddress.createUnresolved(unbracket(hostPort), DEFAULT_PORT);
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            return InetSocketAddress.createUnresolved(unbracket(hostPort.substring(0, colon)), port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad host:port '" + hostPort + "' in connect string '" + whole + "'", e);
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The server path for a client path (the chroot prepended). */
    public String toServer(String clientPath) {
        if (chroot.isEmpty() || clientPath == null) {
            return clientPath;
        }
        return clientPath.equals("/") ? chroot : chroot + clientPath;
    }

    /** The client path for a server path (the chroot removed); a path outside the chroot is kept. */
    public String toClient(String serverPath) {
        if (chroot.isEmpty() || serverPath == null || !serverPath.startsWith(chroot)) {
            return serverPath;
        }
        if (serverPath.length() == chroot.length()) {
            return "/";
        }
        return serverPath.charAt(chroot.length()) == '/' ? serverPath.substring(chroot.length()) : serverPath;
    }
}
