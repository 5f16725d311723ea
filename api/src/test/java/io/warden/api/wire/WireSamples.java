package io.warden.api.wire;

import io.warden.api.data.Acl;
import io.warden.api.data.AddWatchMode;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EventType;
import io.warden.api.data.Id;
import io.warden.api.data.KeeperState;
import io.warden.api.data.Stat;
import io.warden.api.data.WatcherType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random valid wire records, driven by a {@link Random} so that every test using them replays
 * from a seed. Strings stay inside the Basic Multilingual Plane without surrogates: outside it
 * jute's encoding is lossy (as ZooKeeper's is), which has its own test.
 */
final class WireSamples {
    /** Operations that are real requests (not decode outcomes). */
    /** Requests a client may send on their own: check is an op of a multi only. */
    static final List<Operation> OPERATIONS = List.copyOf(EnumSet.complementOf(
            EnumSet.of(Operation.UNKNOWN, Operation.MALFORMED, Operation.CHECK)));
    static final Set<Integer> KNOWN_OPCODES = Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19,
            21, 22, 100, 101, 102, 103, 104, 105, 106, 107, -11);

    private final Random random;

    WireSamples(Random random) {
        this.random = random;
    }

    ClientRequest clientRequest() {
        Request request = random.nextInt(40) == 0 ? unknown() : request(pick(OPERATIONS));
        return new ClientRequest(random.nextInt(8) == 0 ? -random.nextInt(12) : random.nextInt(), request);
    }

    Request.Unknown unknown() {
        while (true) {
            int opCode = random.nextBoolean() ? random.nextInt(300) - 20 : random.nextInt();
            if (!KNOWN_OPCODES.contains(opCode)) {
                return new Request.Unknown(opCode);
            }
        }
    }

    Request request(Operation op) {
        return switch (op) {
            case CREATE -> new Request.Create(path(), data(), acls(), pick(CreateMode.values()));
            case CREATE2 -> new Request.Create2(path(), data(), acls(), pick(CreateMode.values()));
            case CREATE_CONTAINER -> new Request.CreateContainer(path(), data(), acls(), pick(CreateMode.values()));
            case CREATE_TTL -> new Request.CreateTtl(path(), data(), acls(), pick(CreateMode.values()),
                    random.nextLong());
            case DELETE -> new Request.Delete(path(), random.nextInt());
            case EXISTS -> new Request.Exists(path(), random.nextBoolean());
            case GET_DATA -> new Request.GetData(path(), random.nextBoolean());
            case SET_DATA -> new Request.SetData(lenientPath(), data(), random.nextInt());
            case GET_ACL -> new Request.GetAcl(path());
            case SET_ACL -> new Request.SetAcl(lenientPath(), acls(), random.nextInt());
            case GET_CHILDREN -> new Request.GetChildren(path(), random.nextBoolean());
            case GET_CHILDREN2 -> new Request.GetChildren2(path(), random.nextBoolean());
            case GET_ALL_CHILDREN_NUMBER -> new Request.GetAllChildrenNumber(path());
            case GET_EPHEMERALS -> new Request.GetEphemerals(lenientPath());
            case SYNC -> new Request.Sync(lenientPath());
            case CHECK -> new Request.Check(path(), random.nextInt());
            case MULTI -> multi();
            case MULTI_READ -> multiRead();
            case ADD_WATCH -> new Request.AddWatch(lenientPath(), pick(AddWatchMode.values()));
            case REMOVE_WATCHES -> new Request.RemoveWatches(lenientPath(), pick(WatcherType.values()));
            case CHECK_WATCHES -> new Request.CheckWatches(lenientPath(), pick(WatcherType.values()));
            case SET_WATCHES -> new Request.SetWatches(random.nextLong(), paths(), paths(), paths());
            case SET_WATCHES2 -> new Request.SetWatches2(random.nextLong(), paths(), paths(), paths(),
                    paths(), paths());
            case AUTH -> new Request.Auth(string(), data());
            case SASL -> new Request.Sasl(data());
            case RECONFIG -> new Request.Reconfig(string(), string(), string(), random.nextLong());
            case WHO_AM_I -> Request.WhoAmI.INSTANCE;
            case CLOSE_SESSION -> Request.CloseSession.INSTANCE;
            case PING -> Request.Ping.INSTANCE;
            case UNKNOWN -> unknown();
            case MALFORMED -> throw new IllegalArgumentException("not a request to send");
        };
    }

    Request.Multi multi() {
        List<Request.MultiOp> ops = new ArrayList<>();
        List<Operation> kinds = List.of(Operation.CREATE, Operation.CREATE2, Operation.CREATE_CONTAINER,
                Operation.CREATE_TTL, Operation.DELETE, Operation.SET_DATA, Operation.CHECK);
        for (int i = random.nextInt(5); i > 0; i--) {
            ops.add(consistent((Request.MultiOp) request(pick(kinds))));
        }
        return new Request.Multi(ops);
    }

    /**
     * A multi op whose create mode fits its opcode, as real clients send them (ZooKeeper's own
     * multi parser rewrites the opcode of a create from its mode).
     */
    private Request.MultiOp consistent(Request.MultiOp op) {
        List<CreateMode> plain = List.of(CreateMode.PERSISTENT, CreateMode.EPHEMERAL,
                CreateMode.PERSISTENT_SEQUENTIAL, CreateMode.EPHEMERAL_SEQUENTIAL);
        if (op instanceof Request.Create c) {
            return new Request.Create(c.path(), c.data(), nonNull(c.acl()), pick(plain));
        } else if (op instanceof Request.Create2 c) {
            return new Request.Create2(c.path(), c.data(), nonNull(c.acl()), pick(plain));
        } else if (op instanceof Request.CreateContainer c) {
            return new Request.CreateContainer(c.path(), c.data(), nonNull(c.acl()), CreateMode.CONTAINER);
        } else if (op instanceof Request.CreateTtl c) {
            CreateMode mode = random.nextBoolean() ? CreateMode.PERSISTENT_WITH_TTL
                    : CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL;
            return new Request.CreateTtl(c.path(), c.data(), nonNull(c.acl()), mode, 1 + random.nextInt(1_000_000));
        } else if (op instanceof Request.SetData s && s.path() == null) {
            return new Request.SetData(path(), s.data(), s.version());
        }
        return op;
    }

    private static List<Acl> nonNull(List<Acl> acl) {
        return acl == null ? List.of() : acl;
    }

    Request.MultiRead multiRead() {
        List<Request.ReadOp> ops = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            ops.add(random.nextBoolean() ? new Request.GetData(path(), false) : new Request.GetChildren(path(), false));
        }
        return new Request.MultiRead(ops);
    }

    /** A reply to {@code sent}: an error with no body, or a body of the type the request expects. */
    Reply reply(Request sent) {
        if (random.nextInt(6) == 0) {
            Code err = pick(Code.values());
            if (err != Code.OK) {
                return new Reply(new ReplyHeader(random.nextInt(), random.nextLong(), err), Response.Empty.INSTANCE);
            }
        }
        return new Reply(new ReplyHeader(random.nextInt(), random.nextLong(), Code.OK), response(sent));
    }

    Response response(Request sent) {
        return switch (sent.operation()) {
            case CREATE -> new Response.Create(path());
            case CREATE2, CREATE_CONTAINER, CREATE_TTL -> new Response.Create2(path(), stat());
            case EXISTS, SET_DATA, CHECK -> new Response.NodeStat(stat());
            case GET_DATA, RECONFIG -> new Response.GetData(data(), stat());
            case GET_ACL -> new Response.GetAcl(acls(), stat());
            case SET_ACL -> new Response.SetAcl(stat());
            case GET_CHILDREN -> new Response.GetChildren(strings());
            case GET_CHILDREN2 -> new Response.GetChildren2(strings(), stat());
            case GET_ALL_CHILDREN_NUMBER -> new Response.GetAllChildrenNumber(random.nextInt());
            case GET_EPHEMERALS -> new Response.GetEphemerals(strings());
            case SYNC -> new Response.Sync(path());
            case WHO_AM_I -> new Response.WhoAmI(clientInfos());
            case ADD_WATCH -> Response.AddWatch.INSTANCE;
            case SASL -> new Response.Sasl(data());
            case MULTI -> new Response.Multi(multiResults(((Request.Multi) sent).ops()));
            case MULTI_READ -> new Response.Multi(multiReadResults(((Request.MultiRead) sent).ops()));
            case DELETE, PING, AUTH, SET_WATCHES, SET_WATCHES2, CHECK_WATCHES, REMOVE_WATCHES, CLOSE_SESSION,
                    UNKNOWN, MALFORMED -> Response.Empty.INSTANCE;
        };
    }

    /** Results of a multi: all succeeded, or ZooKeeper's shape of a failed one. */
    List<OpResult> multiResults(List<Request.MultiOp> ops) {
        List<OpResult> results = new ArrayList<>();
        if (!ops.isEmpty() && random.nextInt(3) == 0) {
            int failed = random.nextInt(ops.size());
            for (int i = 0; i < ops.size(); i++) {
                Code err = i < failed ? Code.OK : i == failed ? pick(Code.values()) : Code.RUNTIME_INCONSISTENCY;
                results.add(new OpResult.ErrorResult(err));
            }
            return results;
        }
        for (Request.MultiOp op : ops) {
            results.add(switch (op.operation()) {
                case CREATE -> new OpResult.CreateResult(path());
                case CREATE2, CREATE_CONTAINER, CREATE_TTL -> new OpResult.Create2Result(path(), stat());
                case DELETE -> OpResult.DeleteResult.INSTANCE;
                case SET_DATA -> new OpResult.SetDataResult(stat());
                case CHECK -> OpResult.CheckResult.INSTANCE;
                default -> throw new IllegalStateException("not a multi op: " + op);
            });
        }
        return results;
    }

    List<OpResult> multiReadResults(List<Request.ReadOp> ops) {
        List<OpResult> results = new ArrayList<>();
        for (Request.ReadOp op : ops) {
            if (random.nextInt(4) == 0) {
                results.add(new OpResult.ErrorResult(pick(Code.values())));
            } else if (op instanceof Request.GetData) {
                results.add(new OpResult.GetDataResult(data(), stat()));
            } else {
                results.add(new OpResult.GetChildrenResult(strings()));
            }
        }
        return results;
    }

    WatcherEvent event() {
        return new WatcherEvent(pick(EventType.values()), pick(KeeperState.values()), path(),
                random.nextBoolean() ? WatcherEvent.NO_ZXID : random.nextLong());
    }

    ConnectRequest connectRequest() {
        boolean flag = random.nextBoolean();
        return new ConnectRequest(random.nextInt(3), random.nextLong(), random.nextInt(), random.nextLong(), data(),
                flag && random.nextBoolean(), flag);
    }

    ConnectResponse connectResponse() {
        boolean flag = random.nextBoolean();
        return new ConnectResponse(random.nextInt(3), random.nextInt(), random.nextLong(), data(),
                flag && random.nextBoolean(), flag);
    }

    Stat stat() {
        return new Stat(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong(), random.nextInt(),
                random.nextInt(), random.nextInt(), random.nextLong(), random.nextInt(), random.nextInt(),
                random.nextLong());
    }

    List<Acl> acls() {
        int n = random.nextInt(8) - 1;
        if (n < 0) {
            return null;
        }
        List<Acl> acl = new ArrayList<>();
        for (int i = 0; i < n % 4; i++) {
            acl.add(new Acl(random.nextInt(), new Id(string(), string())));
        }
        return acl;
    }

    List<ClientInfo> clientInfos() {
        if (random.nextInt(8) == 0) {
            return null;
        }
        List<ClientInfo> infos = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            infos.add(new ClientInfo(string(), string()));
        }
        return infos;
    }

    List<String> strings() {
        if (random.nextInt(8) == 0) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            strings.add(string());
        }
        return strings;
    }

    /**
     * A path where ZooKeeper takes a null one (answering BadArguments or as for any path): the
     * codec keeps the null. Elsewhere a null path is refused as malformed (see WireCodecTest).
     */
    String lenientPath() {
        return random.nextInt(40) == 0 ? null : path();
    }

    /** setWatches' path lists: never null, no null element (ZooKeeper refuses both). */
    List<String> paths() {
        List<String> paths = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            paths.add(path());
        }
        return paths;
    }

    String path() {
        if (random.nextInt(40) == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            sb.append('/').append(nonNullString());
        }
        return sb.toString();
    }

    String string() {
        return random.nextInt(12) == 0 ? null : nonNullString();
    }

    String nonNullString() {
        int length = random.nextInt(12);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            char c;
            if (kind < 7) {
                c = (char) ('a' + random.nextInt(26));
            } else if (kind < 8) {
                c = (char) (0x80 + random.nextInt(0x780));
            } else if (kind < 9) {
                c = (char) (0x800 + random.nextInt(0xd800 - 0x800));
            } else {
                c = (char) (0xe000 + random.nextInt(0x10000 - 0xe000));
            }
            sb.append(c);
        }
        return sb.toString();
    }

    byte[] data() {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return null;
        }
        byte[] bytes = new byte[kind == 1 ? 1024 : random.nextInt(24)];
        random.nextBytes(bytes);
        return bytes;
    }

    <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
