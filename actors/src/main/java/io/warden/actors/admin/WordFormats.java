package io.warden.actors.admin;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The four-letter words' output, line for line in ZooKeeper 3.9's format (captured from a real
 * 3.9.5 server), so that scripts, Zabbix templates and exporters parsing it keep working. Pure:
 * every value comes in as an argument.
 */
public final class WordFormats {
    private WordFormats() {}

    /** The figures srvr and stat share. */
    public record Summary(String version, long minLatencyMs, double avgLatencyMs, long maxLatencyMs, long received,
                          long sent, int connections, int outstanding, long zxid, String mode, long nodeCount) {}

    /** One client connection as cons, stat and dump show it. */
    public record ConnectionView(String remote, boolean hasSession, long queued, long received, long sent,
                                 long sessionId, String lastOperation, long establishedMs, int timeoutMs,
                                 long lastCxid, long lastZxid, long lastResponseMs, long lastLatencyMs,
                                 long minLatencyMs, double avgLatencyMs, long maxLatencyMs) {}

    public static String srvr(Summary s) {
        return "Zookeeper version: " + s.version() + "\n" + counters(s);
    }

    public static String stat(Summary s, List<ConnectionView> connections) {
        StringBuilder out = new StringBuilder("Zookeeper version: ").append(s.version()).append("\nClients:\n");
        for (ConnectionView c : connections) {
            out.append(' ').append(brief(c)).append(")\n");
        }
        return out.append('\n').append(counters(s)).toString();
    }

    private static String counters(Summary s) {
        return "Latency min/avg/max: " + s.minLatencyMs() + "/" + s.avgLatencyMs() + "/" + s.maxLatencyMs() + "\n"
                + "Received: " + s.received() + "\n"
                + "Sent: " + s.sent() + "\n"
                + "Connections: " + s.connections() + "\n"
                + "Outstanding: " + s.outstanding() + "\n"
                + "Zxid: 0x" + Long.toHexString(s.zxid()) + "\n"
                + "Mode: " + s.mode() + "\n"
                + "Node count: " + s.nodeCount() + "\n";
    }

    private static String brief(ConnectionView c) {
        return c.remote() + "[" + (c.hasSession() ? 1 : 0) + "](queued=" + c.queued() + ",recved=" + c.received()
                + ",sent=" + c.sent();
    }

    public static String cons(List<ConnectionView> connections) {
        StringBuilder out = new StringBuilder();
        for (ConnectionView c : connections) {
            out.append(' ').append(brief(c));
            if (c.hasSession()) {
                out.append(",sid=0x").append(Long.toHexString(c.sessionId()))
                        .append(",lop=").append(c.lastOperation())
                        .append(",est=").append(c.establishedMs())
                        .append(",to=").append(c.timeoutMs())
                        .append(",lcxid=0x").append(Long.toHexString(c.lastCxid()))
                        .append(",lzxid=0x").append(Long.toHexString(c.lastZxid()))
                        .append(",lresp=").append(c.lastResponseMs())
                        .append(",llat=").append(c.lastLatencyMs())
                        .append(",minlat=").append(c.minLatencyMs())
                        .append(",avglat=").append(Math.round(c.avgLatencyMs()))
                        .append(",maxlat=").append(c.maxLatencyMs());
            }
            out.append(")\n");
        }
        return out.append('\n').toString();
    }

    /** mntr: one "key TAB value" line per metric, in the given order. */
    public static String mntr(Map<String, ?> metrics) {
        StringBuilder out = new StringBuilder();
        metrics.forEach((key, value) -> out.append(key).append('\t').append(value).append('\n'));
        return out.toString();
    }

    /** conf and envi bodies: "key=value" lines. */
    public static String keyValues(Map<String, ?> entries) {
        StringBuilder out = new StringBuilder();
        entries.forEach((key, value) -> out.append(key).append('=').append(value).append('\n'));
        return out.toString();
    }

    public static String envi(Map<String, ?> environment) {
        return "Environment:\n" + keyValues(environment);
    }

    /** wchs: connections counts those holding a watch; total counts (connection, path) pairs. */
    public static String wchs(int connections, int paths, long total) {
        return connections + " connections watching " + paths + " paths\nTotal watches:" + total + "\n";
    }

    public static String wchc(Map<Long, List<String>> pathsBySession) {
        StringBuilder out = new StringBuilder();
        pathsBySession.forEach((session, paths) -> {
            out.append("0x").append(Long.toHexString(session)).append('\n');
            paths.forEach(path -> out.append('\t').append(path).append('\n'));
        });
        return out.append('\n').toString();
    }

    public static String wchp(Map<String, List<Long>> sessionsByPath) {
        StringBuilder out = new StringBuilder();
        sessionsByPath.forEach((path, sessions) -> {
            out.append(path).append('\n');
            sessions.forEach(session -> out.append("\t0x").append(Long.toHexString(session)).append('\n'));
        });
        return out.append('\n').toString();
    }

    /**
     * dump: sessions by expiry time, ephemerals by session, connections.
     *
     * @param sessionsByDeadline expiry time (ms since the epoch) to the sessions expiring then
     */
    public static String dump(Map<Long, List<Long>> sessionsByDeadline, int sessionCount,
                              Map<Long, Set<String>> ephemerals, List<ConnectionView> connections) {
        StringBuilder out = new StringBuilder("SessionTracker dump:\n");
        out.append("Session Sets (").append(sessionsByDeadline.size()).append(")/(").append(sessionCount).append("):\n");
        sessionsByDeadline.forEach((deadline, sessions) -> {
            out.append(sessions.size()).append(" expire at ").append(new Date(deadline)).append(":\n");
            sessions.forEach(session -> out.append("\t0x").append(Long.toHexString(session)).append('\n'));
        });
        out.append("ephemeral nodes dump:\nSessions with Ephemerals (").append(ephemerals.size()).append("):\n");
        ephemerals.forEach((session, paths) -> {
            out.append("0x").append(Long.toHexString(session)).append(":\n");
            paths.forEach(path -> out.append('\t').append(path).append('\n'));
        });
        out.append("Connections dump:\nConnections Sets (").append(connections.size()).append(")/(")
                .append(connections.size()).append("):\n");
        for (ConnectionView c : connections) {
            out.append("1 expire at ").append(new Date(c.lastResponseMs() + Math.max(c.timeoutMs(), 0))).append(":\n")
                    .append("\tip: ").append(c.remote()).append(" sessionId: 0x")
                    .append(Long.toHexString(c.sessionId())).append('\n');
        }
        return out.toString();
    }

    public static String dirs(long dataDirBytes, long dataLogDirBytes) {
        return "datadir_size: " + dataDirBytes + "\nlogdir_size: " + dataLogDirBytes + "\n";
    }

    public static String notWhitelisted(String word) {
        return word + " is not executed because it is not in the whitelist.\n";
    }
}
