package io.warden.ops.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The client side of the sessions bench, in a JVM of its own so its heap and CPU are not the
 * server's: holds a {@link SessionFleet} open and answers the bench on stdin/stdout, one JSON
 * line per answer. Protocol (each command one line):
 * <pre>
 *   (start)  -> {"event":"connected","sessions":N,"connectMs":T}   then {"event":"ready"}
 *   status   -> {"event":"status","connected":C,"expired":E,"disconnects":D}
 *   cut      -> {"event":"reconnected","ms":T,"cut":K,"lost":L,"expired":E,"complete":0|1,
 *                "reads":R,"readP99Us":P,"readMaxUs":M,"readErrors":X}            (only with --via-proxy)
 * </pre>
 * During the storm another session, connected straight to the server (not through the proxy),
 * reads one znode in a loop: its latencies say whether the server stayed responsive.
 * <pre>
 *   exit     -> the JVM exits without closing the sessions (the server is stopped next)
 * </pre>
 */
public final class SessionHolder {
    private static final long CONNECT_TIMEOUT_S = 1800;

    public static void main(String[] args) throws Exception {
        CommandLine cl = CommandLine.parse(args, Set.of("connect", "sessions", "in-flight", "timeout-ms"),
                Set.of("via-proxy"));
        String target = cl.string("connect", null);
        int sessions = cl.integer("sessions", 2000, 1, 1_000_000);
        int inFlight = cl.integer("in-flight", 200, 1, 100_000);
        int timeoutMs = cl.integer("timeout-ms", 30_000, 1, 600_000);
        String[] hostPort = target.split(":");
        CuttingProxy proxy = cl.flag("via-proxy")
                ? new CuttingProxy(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]))) : null;
        String connect = proxy == null ? target : "127.0.0.1:" + proxy.address().getPort();
        SessionFleet fleet = new SessionFleet(connect, timeoutMs, "/warden-bench-sessions-" + ProcessHandle.current().pid());
        long connectNanos = fleet.connect(sessions, inFlight, CONNECT_TIMEOUT_S);
        say("{\"event\":\"connected\",\"sessions\":%d,\"connectMs\":%.1f}", sessions, connectNanos / 1e6);
        fleet.setUp(CONNECT_TIMEOUT_S);
        say("{\"event\":\"ready\"}");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
            if (line.equals("status")) {
                say("{\"event\":\"status\",\"connected\":%d,\"expired\":%d,\"disconnects\":%d}",
                        fleet.connectedNow(), fleet.expiredEvents(), fleet.disconnectEvents());
            } else if (line.equals("cut") && proxy != null) {
                int before = fleet.syncConnectedEvents();
                ReadProbe probe = ReadProbe.start(target, fleet.root());
                long start = System.nanoTime();
                int cut = proxy.cutAll();
                boolean complete = fleet.awaitSyncConnectedEvents(before + sessions, CONNECT_TIMEOUT_S);
                long ms = (System.nanoTime() - start) / 1_000_000;
                LatencyHistogram reads = probe.stop();
                List<String> lost = fleet.checkEphemerals(CONNECT_TIMEOUT_S);
                say("{\"event\":\"reconnected\",\"ms\":%d,\"cut\":%d,\"lost\":%d,\"expired\":%d,"
                        + "\"complete\":%d,\"reads\":%d,\"readP99Us\":%d,\"readMaxUs\":%d,\"readErrors\":%d}", ms,
                        cut, lost.size(), fleet.expiredEvents(), complete ? 1 : 0, reads.count(),
                        reads.percentile(99.0), reads.max(), probe.errors());
            } else {
                say("{\"event\":\"error\",\"message\":\"unknown command\"}");
            }
        }
        Runtime.getRuntime().halt(0);
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
