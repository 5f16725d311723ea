package io.warden.persistence.tree;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Id;
import io.warden.api.data.Paths;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of txn sequences over a small path universe, so that creates, deletes and
 * version checks collide often. It reads the reference model to make most versions right and
 * leaves some wrong on purpose.
 */
public final class RandomTxns {
    private static final String[] PATHS = {"/a", "/b", "/a/x", "/a/y", "/b/x", "/a/x/z", "/c", "/zookeeper/q",
            "/a/s", "/b/x/s", "/\u00e9t\u00e9"};
    private static final List<String> FRESH_TREE_PATHS = List.of("/", "/zookeeper", "/zookeeper/quota",
            "/zookeeper/config");
    private static final long[] SESSIONS = {0x0100_0000_0000_0001L, 0x0100_0000_0000_0002L, 0x0200_0000_0000_0003L, 0};
    private static final List<List<Acl>> ACLS = List.of(Acl.OPEN_ACL_UNSAFE, Acl.READ_ACL_UNSAFE,
            List.of(new Acl(31, new Id("digest", "u:p")), new Acl(1, Id.ANYONE)));

    private final Random random;
    private final ReferenceModel model;
    long zxid;
    long timeMs = 1_000_000;

    public RandomTxns(long seed, ReferenceModel model) {
        this.random = new Random(seed);
        this.model = model;
    }

    public Txn next() {
        zxid += 1 + (random.nextInt(10) == 0 ? random.nextInt(1000) : 0);
        timeMs += random.nextInt(3000);
        long session = SESSIONS[random.nextInt(SESSIONS.length)];
        int kind = random.nextInt(20);
        TxnBody body;
        if (kind < 12) {
            body = op();
        } else if (kind < 15) {
            List<TxnBody> ops = new ArrayList<>();
            int size = random.nextInt(5);
            for (int i = 0; i < size; i++) {
                ops.add(random.nextInt(15) == 0 ? new TxnBody.Failed(Code.BAD_VERSION) : op());
            }
            body = new TxnBody.Multi(ops);
        } else if (kind < 17) {
            body = new TxnBody.CreateSession(1000 + random.nextInt(30_000));
        } else if (kind < 19) {
            body = new TxnBody.CloseSession();
        } else {
            body = new TxnBody.Failed(Code.values()[random.nextInt(Code.values().length)]);
        }
        return new Txn(session, random.nextInt(), zxid, timeMs, body);
    }

    private TxnBody op() {
        String path = PATHS[random.nextInt(PATHS.length)];
        ReferenceModel.Node node = model.nodes.get(path);
        boolean wrong = random.nextInt(10) == 0;
        switch (random.nextInt(6)) {
            case 0, 1, 2:
                return create(path);
            case 3:
                return new TxnBody.Delete(existingOr(path));
            case 4:
                String target = existingOr(path);
                ReferenceModel.Node current = model.nodes.get(target);
                return new TxnBody.SetData(target, data(), (current == null ? 0 : current.version + 1) + (wrong ? 1 : 0));
            default:
                if (random.nextBoolean()) {
                    return new TxnBody.SetAcl(path, ACLS.get(random.nextInt(ACLS.size())),
                            (node == null ? 0 : node.aversion + 1) + (wrong ? 2 : 0));
                }
                return new TxnBody.Check(path, (node == null ? 0 : node.version) + (wrong ? 1 : 0));
        }
    }

    private TxnBody create(String path) {
        CreateMode mode = CreateMode.values()[random.nextInt(CreateMode.values().length)];
        ReferenceModel.Node parent = model.nodes.get(Paths.parent(path));
        int stored = parent == null ? 0 : parent.createdChildren;
        String finalPath = mode.isSequential() ? path + Paths.sequenceSuffix(stored) : path;
        int parentCVersion = switch (random.nextInt(8)) {
            case 0 -> stored + 3;
            case 1, 2, 3 -> -1;
            default -> stored + 1;
        };
        long ttlMs = mode.isTtl() ? 1 + random.nextInt(10_000) : 0;
        return new TxnBody.Create(finalPath, data(), ACLS.get(random.nextInt(ACLS.size())), mode, ttlMs, parentCVersion);
    }

    /**
     * Half the time, a node the model holds (never the fresh tree's own nodes) instead of the
     * given path: the fixed paths alone left some seeds with no successful delete or setData in a
     * whole run (sequential creates and failed creates keep them absent), about 1 seed in 500.
     */
    private String existingOr(String path) {
        if (random.nextBoolean()) {
            return path;
        }
        List<String> existing = new ArrayList<>();
        for (String p : model.nodes.keySet()) {
            if (!FRESH_TREE_PATHS.contains(p)) {
                existing.add(p);
            }
        }
        return existing.isEmpty() ? path : existing.get(random.nextInt(existing.size()));
    }

    /** Null and empty each about one time in eight: ZooKeeper keeps them apart. */
    private byte[] data() {
        int dice = random.nextInt(8);
        if (dice == 0) {
            return null;
        }
        byte[] data = new byte[dice == 1 ? 0 : random.nextInt(40)];
        random.nextBytes(data);
        return data;
    }
}
