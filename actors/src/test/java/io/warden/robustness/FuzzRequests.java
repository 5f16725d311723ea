package io.warden.robustness;

import io.warden.api.data.Acl;
import io.warden.api.data.AddWatchMode;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Id;
import io.warden.api.data.Perms;
import io.warden.api.data.WatcherType;
import io.warden.api.wire.ClientRequest;
import io.warden.api.wire.ConnectRequest;
import io.warden.api.wire.Operation;
import io.warden.api.wire.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Well-formed requests of every opcode with adversarial contents: paths that are invalid,
 * protected or absent, odd ACLs and modes, random versions, data up to a few KiB. Driven only
 * by the given {@link Random}, so a seed replays the same requests.
 */
final class FuzzRequests {
    /** Paths a fuzzed session aims at: its playground, the system tree, a protected subtree, and invalid ones. */
    private static final List<String> PATHS = List.of(
            "/", "/fuzz", "/fuzz/a", "/fuzz/a/b", "/fuzz/b", "/fuzz/seq-", "/fuzz/eph", "/fuzz/c/d/e",
            "/zookeeper", "/zookeeper/quota", "/zookeeper/config", "/keep", "/keep/k0", "/keep/k1", "/live",
            "/live/anchor", "/absent/x", "", "fuzz", "/fuzz/", "//fuzz", "/fuzz/./a", "/fuzz/../a", "/fuzz/.",
            "/fuzz/\u0000x", "/fuzz/\ud800", "/fuzz/\u00e9t\u00e9", "/fuzz/\u0001", "/\uffff");
    /** Opcodes no ZooKeeper client sends: unknown ones, the notification type, and internal ones. */
    private static final int[] ODD_OPCODES = {0, 10, 20, 23, 50, 99, 108, 999, -1, -2, -3, -10, -12,
            Integer.MAX_VALUE, Integer.MIN_VALUE};

    private final Random random;
    private final int maxDataBytes;

    FuzzRequests(Random random, int maxDataBytes) {
        this.random = random;
        this.maxDataBytes = maxDataBytes;
    }

    /** A request for a random operation, with a random xid drawn near a client's counter. */
    ClientRequest next(int xid) {
        Operation[] ops = Operation.values();
        Operation op = ops[random.nextInt(ops.length)];
        // closeSession ends the connection, and so do an unknown opcode, a failed auth and any
        // damage to an auth or sasl body (ZooKeeper reads those before anything else): keep them
        // rarer, so that a connection carries many inputs.
        if ((op == Operation.CLOSE_SESSION || op == Operation.UNKNOWN || op == Operation.MALFORMED)
                && random.nextInt(8) != 0
                || (op == Operation.AUTH || op == Operation.SASL) && random.nextInt(4) != 0) {
            op = ops[random.nextInt(ops.length)];
        }
        return new ClientRequest(xid, request(op));
    }

    Request request(Operation op) {
        return switch (op) {
            case CREATE -> new Request.Create(path(), data(), acl(), mode());
            case CREATE2 -> new Request.Create2(path(), data(), acl(), mode());
            case CREATE_CONTAINER -> new Request.CreateContainer(path(), data(), acl(),
                    random.nextInt(4) == 0 ? mode() : CreateMode.CONTAINER);
            case CREATE_TTL -> new Request.CreateTtl(path(), data(), acl(), mode(), ttlMs());
            case DELETE -> new Request.Delete(path(), version());
            case EXISTS -> new Request.Exists(path(), random.nextBoolean());
            case GET_DATA -> new Request.GetData(path(), random.nextBoolean());
            case SET_DATA -> new Request.SetData(path(), data(), version());
            case GET_ACL -> new Request.GetAcl(path());
            case SET_ACL -> new Request.SetAcl(path(), acl(), version());
            case GET_CHILDREN -> new Request.GetChildren(path(), random.nextBoolean());
            case GET_CHILDREN2 -> new Request.GetChildren2(path(), random.nextBoolean());
            case GET_ALL_CHILDREN_NUMBER -> new Request.GetAllChildrenNumber(path());
            case GET_EPHEMERALS -> new Request.GetEphemerals(path());
            case SYNC -> new Request.Sync(path());
            case CHECK -> new Request.Check(path(), version());
            case MULTI -> new Request.Multi(multiOps());
            case MULTI_READ -> new Request.MultiRead(readOps());
            case ADD_WATCH -> new Request.AddWatch(path(), pick(AddWatchMode.values()));
            case REMOVE_WATCHES -> new Request.RemoveWatches(path(), pick(WatcherType.values()));
            case CHECK_WATCHES -> new Request.CheckWatches(path(), pick(WatcherType.values()));
            case SET_WATCHES -> new Request.SetWatches(zxid(), paths(), paths(), paths());
            case SET_WATCHES2 -> new Request.SetWatches2(zxid(), paths(), paths(), paths(), paths(), paths());
            case AUTH -> auth();
            case SASL -> new Request.Sasl(data());
            case RECONFIG -> new Request.Reconfig(text(), text(), text(), zxid());
            case WHO_AM_I -> Request.WhoAmI.INSTANCE;
            case CLOSE_SESSION -> Request.CloseSession.INSTANCE;
            case PING -> Request.Ping.INSTANCE;
            case UNKNOWN, MALFORMED -> new Request.Unknown(ODD_OPCODES[random.nextInt(ODD_OPCODES.length)]);
        };
    }

    /** A connect request a client might send, with odd timeouts, versions and flags. */
    ConnectRequest connect() {
        int timeoutMs = switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Integer.MAX_VALUE;
            default -> 500 + random.nextInt(4000);
        };
        boolean hasFlag = random.nextInt(4) != 0;
        return new ConnectRequest(random.nextInt(8) == 0 ? random.nextInt() : 0, 0, timeoutMs, 0,
                random.nextInt(8) == 0 ? null : new byte[16], hasFlag && random.nextBoolean(), hasFlag);
    }

    String path() {
        int roll = random.nextInt(100);
        if (roll < 80) {
            return PATHS.get(random.nextInt(PATHS.size()));
        } else if (roll < 92) {
            return "/fuzz/" + name(1 + random.nextInt(12));
        } else if (roll < 97) {
            return randomUnicode(1 + random.nextInt(20));
        }
        return "/fuzz/" + "x".repeat(1 + random.nextInt(Math.max(1, maxDataBytes / 2)));
    }

    private byte[] data() {
        int roll = random.nextInt(100);
        if (roll < 15) {
            return null;
        } else if (roll < 40) {
            return new byte[0];
        }
        byte[] data = new byte[roll < 95 ? 1 + random.nextInt(64) : random.nextInt(Math.max(1, maxDataBytes / 2))];
        random.nextBytes(data);
        return data;
    }

    private List<Acl> acl() {
        return switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> List.of();
            case 2 -> Acl.CREATOR_ALL_ACL;
            case 3 -> Acl.READ_ACL_UNSAFE;
            case 4 -> List.of(new Acl(Perms.ALL, new Id("digest", name(4) + ":" + name(27))));
            case 5 -> List.of(new Acl(Perms.ALL, new Id("ip", random.nextBoolean() ? "127.0.0.1" : "300.1.1.1/99")));
            case 6 -> List.of(new Acl(random.nextInt(), Id.ANYONE));
            case 7 -> List.of(new Acl(Perms.ALL, new Id(name(3), name(5))));
            case 8 -> List.of(new Acl(Perms.ALL, new Id("world", "someone")));
            case 9 -> List.of(new Acl(Perms.ALL, new Id("super", "x")), new Acl(0, Id.ANYONE));
            default -> Acl.OPEN_ACL_UNSAFE;
        };
    }

    private CreateMode mode() {
        return pick(CreateMode.values());
    }

    private long ttlMs() {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Long.MAX_VALUE;
            default -> 1 + random.nextInt(100_000);
        };
    }

    private int version() {
        int roll = random.nextInt(10);
        return roll < 5 ? -1 : roll < 9 ? roll - 5 : random.nextInt();
    }

    private long zxid() {
        return random.nextBoolean() ? 0 : random.nextLong();
    }

    private List<String> paths() {
        int n = random.nextInt(5);
        if (n == 4 && random.nextBoolean()) {
            return null;
        }
        List<String> paths = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            paths.add(path());
        }
        return paths;
    }

    private List<Request.MultiOp> multiOps() {
        int n = random.nextInt(6);
        List<Request.MultiOp> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ops.add(switch (random.nextInt(7)) {
                case 0 -> new Request.Create(path(), data(), acl(), mode());
                case 1 -> new Request.Create2(path(), data(), acl(), mode());
                case 2 -> new Request.CreateContainer(path(), data(), acl(), CreateMode.CONTAINER);
                case 3 -> new Request.CreateTtl(path(), data(), acl(), mode(), ttlMs());
                case 4 -> new Request.Delete(path(), version());
                case 5 -> new Request.SetData(path(), data(), version());
                default -> new Request.Check(path(), version());
            });
        }
        return ops;
    }

    private List<Request.ReadOp> readOps() {
        int n = random.nextInt(6);
        List<Request.ReadOp> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ops.add(random.nextBoolean() ? new Request.GetData(path(), random.nextBoolean())
                    : new Request.GetChildren(path(), random.nextBoolean()));
        }
        return ops;
    }

    /** digest with a random user succeeds; any other scheme, or no colon, fails and drops the connection. */
    private Request auth() {
        return switch (random.nextInt(10)) {
            case 0 -> new Request.Auth("ip", bytes("127.0.0.1"));
            case 1 -> new Request.Auth("digest", bytes(name(6)));
            case 2 -> new Request.Auth(name(5), data());
            default -> new Request.Auth("digest", bytes(name(4) + ":" + name(8)));
        };
    }

    private String text() {
        return random.nextInt(4) == 0 ? null : name(random.nextInt(20));
    }

    private String name(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    private String randomUnicode(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) random.nextInt(0x10000));
        }
        return sb.toString();
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
