package io.warden.ops.config;

import io.warden.actors.config.ClientService;
import io.warden.actors.config.HostPort;
import io.warden.actors.config.QuorumServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code server.N} lines. Grammar (ZooKeeper 3.9's, less multiple addresses):
 * <pre>
 *   line          = "server." sid "=" server-config [ ";" client-config ]
 *   sid           = decimal digits
 *   server-config = host ":" quorum-port ":" election-port [ ":" type ]
 *   type          = "participant" | "observer"            (any letter case)
 *   client-config = client-port | host ":" client-port     (host alone binds the wildcard)
 *   host          = name | IPv4 literal | "[" IPv6 literal "]"
 * </pre>
 * ZooKeeper's {@code |}-separated multiple addresses per server are rejected: Warden binds one
 * address per port.
 */
final class ServerLines {
    static final String PREFIX = "server.";
    private static final String FORM = "must have the form host:quorumPort:electionPort[:participant|:observer]"
            + "[;[clientHost:]clientPort], with an IPv6 host in brackets";

    private ServerLines() {}

    static boolean isServerKey(String key) {
        return key.startsWith(PREFIX);
    }

    static QuorumServer parse(String key, String value) throws ConfigException {
        long sid = sid(key);
        if (value.contains("|")) {
            throw ConfigException.badValue(key, value, "lists several addresses (|): Warden supports one address"
                    + " per server");
        }
        int semicolon = value.indexOf(';');
        String serverPart = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
        Optional<HostPort> client = semicolon < 0 ? Optional.empty()
                : Optional.of(clientAddress(key, value, value.substring(semicolon + 1).trim()));
        List<String> parts = splitHostFirst(key, value, serverPart);
        if (parts.size() < 3 || parts.size() > 4) {
            throw ConfigException.badValue(key, value, parts.size() == 2 ? "has no election port: " + FORM : FORM);
        }
        String host = Values.host(key, parts.get(0));
        int quorumPort = Values.port(key + " quorum port", parts.get(1));
        int electionPort = Values.port(key + " election port", parts.get(2));
        boolean observer = parts.size() == 4 && type(key, value, parts.get(3));
        try {
            return new QuorumServer(sid, host, quorumPort, electionPort, observer, client);
        } catch (IllegalArgumentException e) {
            throw ConfigException.badValue(key, value, "is not usable: " + e.getMessage());
        }
    }

    static long sid(String key) throws ConfigException {
        String digits = key.substring(PREFIX.length());
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ConfigException(key, "\"" + digits + "\" is not a server id (server.N needs a whole number N"
                    + " of 0 or more)");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "\"" + digits + "\" is not a server id (too large)");
        }
    }

    private static boolean type(String key, String value, String type) throws ConfigException {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "observer" -> true;
            case "participant" -> false;
            default -> throw ConfigException.badValue(key, value, "has type \"" + type
                    + "\": the type must be participant or observer");
        };
    }

    private static HostPort clientAddress(String key, String value, String clientPart) throws ConfigException {
        if (clientPart.isEmpty()) {
            throw ConfigException.badValue(key, value, "has nothing after ';': " + FORM);
        }
        List<String> parts = clientPart.startsWith("[") || clientPart.indexOf(':') >= 0
                ? splitHostFirst(key, value, clientPart) : List.of(clientPart);
        return switch (parts.size()) {
            case 1 -> new HostPort(ClientService.WILDCARD_ADDRESS, Values.port(key + " client port", parts.get(0)));
            case 2 -> new HostPort(Values.host(key, parts.get(0)), Values.port(key + " client port", parts.get(1)));
            default -> throw ConfigException.badValue(key, value, FORM);
        };
    }

    /** Splits at ':' with a bracketed IPv6 host kept whole (brackets dropped). */
    private static List<String> splitHostFirst(String key, String value, String text) throws ConfigException {
        List<String> parts = new ArrayList<>();
        String rest = text;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw ConfigException.badValue(key, value, "has a '[' host with no matching ']:': " + FORM);
            }
            parts.add(text.substring(1, close));
            rest = text.substring(close + 2);
        } else {
            int colon = text.indexOf(':');
            if (colon < 0) {
                throw ConfigException.badValue(key, value, FORM);
            }
            parts.add(text.substring(0, colon));
            rest = text.substring(colon + 1);
        }
        for (String part : rest.split(":", -1)) {
            parts.add(part.trim());
        }
        return parts;
    }
}
