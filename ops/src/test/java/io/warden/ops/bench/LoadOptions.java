package io.warden.ops.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Settings of one load-generator run.
 *
 * @param connect         ZooKeeper connect string, {@code host:port[,host:port][/chroot]}
 * @param sessions        client sessions, each its own {@code ZooKeeper} instance and socket
 * @param outstanding     async requests in flight per session
 * @param workload        what each request does
 * @param sizeBytes       payload of setData/create and of the pre-created znodes
 * @param duration        measured window
 * @param warmup          load before the measured window, not counted
 * @param znodesPerSession pre-created znodes each session reads or writes in turn
 * @param readPercent     share of getData in the mixed workload
 * @param serverPid       the server's PID, to report its CPU per op from /proc
 * @param allowRemote     let the run target a non-loopback host
 * @param json            print one JSON result line instead of the human summary
 * @param sessionTimeoutMs requested session timeout
 */
record LoadOptions(
        String connect,
        int sessions,
        int outstanding,
        Workload workload,
        int sizeBytes,
        Duration duration,
        Duration warmup,
        int znodesPerSession,
        int readPercent,
        OptionalLong serverPid,
        boolean allowRemote,
        boolean json,
        int sessionTimeoutMs) {

    /** ZooKeeper's default jute.maxbuffer is 1 MiB - 1; leave room for the request header. */
    static final int MAX_SIZE_BYTES = 1_000_000;

    static final String USAGE = """
            usage: LoadGenerator [--connect host:port[,host:port]] [--sessions 32] [--outstanding 16]
                                 [--op getData|setData|create|mixed] [--size 1024] [--duration 30s]
                                 [--warmup 10s] [--znodes 16] [--read-percent 90] [--server-pid PID]
                                 [--session-timeout 30s] [--allow-remote] [--json]""";

    LoadOptions {
        if (sessions < 1 || outstanding < 1 || znodesPerSession < 1) {
            throw new IllegalArgumentException("sessions, outstanding and znodes must be positive");
        }
        if (sizeBytes < 0 || sizeBytes > MAX_SIZE_BYTES) {
            throw new IllegalArgumentException("size must be in [0, " + MAX_SIZE_BYTES + "], got " + sizeBytes);
        }
        if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("duration must be positive and warmup not negative");
        }
        if (readPercent < 0 || readPercent > 100) {
            throw new IllegalArgumentException("read-percent must be in [0, 100], got " + readPercent);
        }
    }

    static LoadOptions parse(String[] args) {
        CommandLine cl = CommandLine.parse(args,
                Set.of("connect", "sessions", "outstanding", "op", "size", "duration", "warmup", "znodes",
                        "read-percent", "server-pid", "session-timeout"),
                Set.of("allow-remote", "json"));
        OptionalLong serverPid = cl.has("server-pid")
                ? OptionalLong.of(cl.integer("server-pid", 0, 1, Integer.MAX_VALUE))
                : OptionalLong.empty();
        return new LoadOptions(
                cl.string("connect", "127.0.0.1:2181"),
                cl.integer("sessions", 32, 1, 4096),
                cl.integer("outstanding", 16, 1, 100_000),
                Workload.fromOptionName(cl.string("op", Workload.GET_DATA.optionName())),
                cl.integer("size", 1024, 0, MAX_SIZE_BYTES),
                cl.duration("duration", Duration.ofSeconds(30)),
                cl.duration("warmup", Duration.ofSeconds(10)),
                cl.integer("znodes", 16, 1, 1_000_000),
                cl.integer("read-percent", 90, 0, 100),
                serverPid,
                cl.flag("allow-remote"),
                cl.flag("json"),
                (int) cl.duration("session-timeout", Duration.ofSeconds(30)).toMillis());
    }

    /** The hosts of the connect string, without ports and chroot. */
    List<String> hosts() {
        int slash = connect.indexOf('/');
        String hostList = slash < 0 ? connect : connect.substring(0, slash);
        List<String> hosts = new ArrayList<>();
        for (String hostPort : hostList.split(",")) {
            String hp = hostPort.trim();
            if (hp.isEmpty()) {
                throw new IllegalArgumentException("empty host in connect string '" + connect + "'");
            }
            int colon = hp.lastIndexOf(':');
            String host = hp.startsWith("[") ? hp.substring(1, hp.indexOf(']'))
                    : colon < 0 ? hp : hp.substring(0, colon);
            hosts.add(host);
        }
        return hosts;
    }

    /**
     * Refuses a non-loopback server unless {@link #allowRemote}: a load generator pointed at a
     * shared ZooKeeper by a typo can hurt everyone using it.
     */
    void checkLoopback() {
        if (allowRemote) {
            return;
        }
        for (String host : hosts()) {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("cannot resolve host '" + host + "'", e);
            }
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    throw new IllegalArgumentException("refusing non-loopback host '" + host + "' (" + address
                            + "); pass --allow-remote to load a remote server on purpose");
                }
            }
        }
    }
}
