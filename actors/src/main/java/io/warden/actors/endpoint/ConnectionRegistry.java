package io.warden.actors.endpoint;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open client connections, for maxClientCnxns and the cons/stat words. */
public final class ConnectionRegistry {
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    void add(Connection connection) {
        open.add(connection);
    }

    public void remove(Connection connection) {
        open.remove(connection);
    }

    public int size() {
        return open.size();
    }

    /** How many open connections come from this address (for maxClientCnxns). */
    public int countFrom(java.net.InetAddress address) {
        int n = 0;
        for (Connection connection : open) {
            if (connection.remote().getAddress().equals(address)) {
                n++;
            }
        }
        return n;
    }

    public List<Connection> snapshot() {
        return List.copyOf(open);
    }
}
