package io.warden.persistence.prep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EphemeralType;
import io.warden.api.data.Id;
import io.warden.api.data.Perms;
import io.warden.persistence.tree.ApplyResult;
import io.warden.persistence.tree.DataNode;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.tree.TxnResult;
import io.warden.persistence.txn.Txn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random request sequences, prepared by {@link RequestPreparer} and committed (lazily, so
 * requests are prepared against uncommitted changes) into a {@link DataTree}, agree with the
 * naive {@link ZkModel} on every result code, every created path, and every node's Stat, data
 * and ACL, while committed trees are handed back to the preparer at random moments (so its
 * speculative tree is rebased onto them with txns still outstanding). Each try is one seed; a failure names it, and {@code -Dwarden.seed=<seed>} replays
 * exactly that sequence.
 */
class PreparerAgainstModelTest {
    private static final int STEPS = 80;
    private static final Id BOB = DigestAuth.id("bob:secret");
    private static final ZkModel.Who[] WHO = {
        new ZkModel.Who(0x101L, null, "10.0.0.1", false),
        new ZkModel.Who(0x202L, BOB, "192.168.1.5", false),
        new ZkModel.Who(0x303L, null, "192.168.1.6", true),
    };
    /** The container / TTL reaper: the server itself, session 0. */
    private static final ZkModel.Who REAPER = new ZkModel.Who(0, null, "127.0.0.1", false);
    /** A session nobody opened (until a random createSession does). */
    private static final ZkModel.Who STRANGER = new ZkModel.Who(0x999L, null, "10.1.1.1", false);
    private static final List<List<Acl>> ACLS = List.of(
            Acl.OPEN_ACL_UNSAFE, Acl.OPEN_ACL_UNSAFE, Acl.READ_ACL_UNSAFE,
            List.of(new Acl(Perms.ALL & ~Perms.CREATE, Id.ANYONE)),
            List.of(new Acl(Perms.ALL & ~Perms.DELETE, Id.ANYONE), new Acl(Perms.ALL, BOB)),
            List.of(new Acl(Perms.ALL, BOB)), Acl.CREATOR_ALL_ACL,
            List.of(new Acl(Perms.ALL, new Id("ip", ZkModel.IP_NET))),
            List.of(), List.of(new Acl(Perms.ALL, new Id("ip", "10.0.0.0/99"))));
    private static final String[] NAMES = {"a", "b", "c"};

    @Provide
    Arbitrary<Long> seeds() {
        Long fixed = Long.getLong("warden.seed");
        return fixed != null ? Arbitraries.just(fixed) : Arbitraries.longs();
    }

    @Property(tries = 120)
    void preparedTxnsAppliedToTheTreeAgreeWithTheModel(@ForAll("seeds") long seed) {
        try {
            new Run(seed).go();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (replay: -Dwarden.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    /** One seeded sequence. */
    private static final class Run {
        final Random random;
        final boolean extendedTypes;
        final ZkModel model;
        final RequestPreparer preparer;
        final Deque<Pending> uncommitted = new ArrayDeque<>();
        DataTree committed = DataTree.fresh();
        long zxid;
        long timeMs = 1_000_000;
        int step;

        /** A prepared txn waiting for commit, with what the model says it must produce. */
        record Pending(int step, WriteOp op, Txn txn, ZkModel.Outcome expected, ZkModel after) {
        }

        Run(long seed) {
            random = new Random(seed);
            extendedTypes = random.nextBoolean();
            model = new ZkModel(extendedTypes);
            // A small rebase threshold, so that rebuilding onto committed trees with txns still
            // outstanding happens often within one sequence.
            preparer = new RequestPreparer(committed, PrepSettings.DEFAULT.withExtendedTypesEnabled(extendedTypes),
                    1 + random.nextInt(4));
        }

        void go() {
            assertSameNodes(model, committed, "fresh tree");
            for (ZkModel.Who who : WHO) {
                request(new WriteOp.CreateSession(10_000), who);
            }
            for (step = 0; step < STEPS; step++) {
                int dice = random.nextInt(20);
                if (dice == 0) {
                    String path = pickExisting();
                    request(random.nextBoolean() ? new WriteOp.DeleteContainer(path) : new WriteOp.DeleteTtl(path), REAPER);
                } else {
                    request(randomOp(), dice == 1 ? STRANGER : WHO[random.nextInt(WHO.length)]);
                }
                if (random.nextBoolean()) {
                    commit(random.nextInt(uncommitted.size() + 1));
                }
            }
            commit(uncommitted.size());
            assertEquals(committed.digest(), preparer.speculativeTree().digest(), "speculative tree after all commits");
            preparer.committed(committed);
            assertSame(committed, preparer.speculativeTree(), "once all is committed, the committed tree is the only one");
        }

        void request(WriteOp op, ZkModel.Who who) {
            zxid++;
            timeMs += random.nextInt(3) == 0 ? random.nextInt(3_000) : random.nextInt(5);
            SessionAuth auth = SessionAuth.connectedFrom(who.address());
            if (who.digest() != null) {
                auth = auth.with(List.of(who.digest()));
            }
            if (who.isSuper()) {
                auth = auth.with(List.of(SessionAuth.SUPER));
            }
            Prepared prepared = preparer.prepare(op, new PrepContext(who.sessionId(), step, zxid, timeMs, auth));
            ZkModel.Outcome expected = model.apply(op, who, zxid, timeMs);
            assertEquals(expected.code(), PrepFixture.code(prepared), "prepare " + op);
            uncommitted.add(new Pending(step, op, prepared.txn(), expected, model.copy()));
        }

        void commit(int count) {
            for (int i = 0; i < count; i++) {
                Pending p = uncommitted.poll();
                ApplyResult applied = committed.apply(p.txn());
                TxnResult result = applied.result();
                committed = applied.tree();
                String what = "step " + p.step() + " " + p.op();
                assertOutcome(p.expected(), result, what);
                assertSameNodes(p.after(), committed, what);
            }
            // The committed tree is handed over as the server does: now and then, not after every txn.
            if (random.nextBoolean()) {
                preparer.committed(committed);
                assertEquals(uncommitted.size(), preparer.outstandingCount(), "outstanding after a hand-over");
            }
        }

        // ---- random requests

        WriteOp randomOp() {
            int dice = random.nextInt(100);
            if (dice < 12) {
                return new WriteOp.Multi(randomMultiOps());
            } else if (dice < 14) {
                return new WriteOp.CloseSession();
            } else if (dice < 16) {
                return new WriteOp.CreateSession(5_000);
            } else if (dice < 23) {
                String path = pickExisting();
                return random.nextBoolean() ? new WriteOp.DeleteContainer(path) : new WriteOp.DeleteTtl(path);
            } else if (dice < 30) {
                return new WriteOp.SetAcl(pickPath(), ACLS.get(random.nextInt(ACLS.size())), randomVersion());
            }
            return randomMultiOp();
        }

        List<WriteOp.MultiOp> randomMultiOps() {
            List<WriteOp.MultiOp> ops = new ArrayList<>();
            int n = random.nextInt(5);
            for (int i = 0; i < n; i++) {
                ops.add(randomMultiOp());
            }
            return ops;
        }

        WriteOp.MultiOp randomMultiOp() {
            int dice = random.nextInt(100);
            if (dice < 45) {
                return randomCreate();
            } else if (dice < 70) {
                return new WriteOp.Delete(pickPath(), randomVersion());
            } else if (dice < 90) {
                return new WriteOp.SetData(pickPath(), randomData(4), randomVersion());
            }
            return new WriteOp.Check(pickPath(), randomVersion());
        }

        WriteOp.Create randomCreate() {
            CreateMode[] modes = CreateMode.values();
            // TTL modes (the last two) half as often: without extended types they only yield UNIMPLEMENTED.
            CreateMode mode = modes[random.nextInt(4) == 0 ? random.nextInt(modes.length) : random.nextInt(modes.length - 2)];
            long ttlMs = mode.isTtl() ? (random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(4_000))
                    : (random.nextInt(15) == 0 ? 100 : -1);
            List<Acl> acl = random.nextInt(3) == 0 ? ACLS.get(random.nextInt(ACLS.size())) : Acl.OPEN_ACL_UNSAFE;
            String path = pickPath();
            if (mode.isSequential() && random.nextBoolean()) {
                path = path + (random.nextBoolean() ? "/" : "-");
                path = path.replace("//", "/");
            }
            return new WriteOp.Create(path, randomData(3), acl, mode, ttlMs);
        }

        /** Sometimes null: it must stay null, apart from empty, all the way into the tree. */
        byte[] randomData(int maxLength) {
            return random.nextInt(6) == 0 ? null : new byte[random.nextInt(maxLength)];
        }

        int randomVersion() {
            int dice = random.nextInt(10);
            return dice < 6 ? -1 : dice < 9 ? random.nextInt(3) : -2 + random.nextInt(2);
        }

        String pickPath() {
            int dice = random.nextInt(20);
            if (dice == 0) {
                String[] odd = {"/", "/zookeeper", "/zookeeper/config", "/zookeeper/quota", "/a/", "a", "//a", "/a/.", "/zookeeper/x"};
                return odd[random.nextInt(odd.length)];
            }
            if (dice < 8) {
                return pickExisting();
            }
            StringBuilder path = new StringBuilder();
            int depth = 1 + random.nextInt(3);
            for (int i = 0; i < depth; i++) {
                path.append('/').append(NAMES[random.nextInt(NAMES.length)]);
            }
            return path.toString();
        }

        /** A node that exists in the model; ZooKeeper's own nodes only now and then. */
        String pickExisting() {
            List<String> paths = new ArrayList<>(model.sortedNodes().keySet());
            if (random.nextInt(4) != 0) {
                paths.removeIf(p -> p.equals("/") || p.startsWith("/zookeeper"));
            }
            return paths.isEmpty() ? "/" : paths.get(random.nextInt(paths.size()));
        }

        // ---- comparison

        void assertOutcome(ZkModel.Outcome expected, TxnResult actual, String what) {
            if (actual instanceof TxnResult.MultiResult multi) {
                assertEquals(expected.ops().size(), multi.results().size(), what);
                for (int i = 0; i < multi.results().size(); i++) {
                    assertOutcome(expected.ops().get(i), multi.results().get(i), what + " op " + i);
                }
                return;
            }
            Code code = actual instanceof TxnResult.Failed failed ? failed.code() : Code.OK;
            assertEquals(expected.code(), code, what);
            if (expected.createdPath() != null) {
                assertEquals(expected.createdPath(), ((TxnResult.Created) actual).path(), what);
            }
        }

        static void assertSameNodes(ZkModel expected, DataTree actual, String what) {
            Map<String, DataNode> treeNodes = new TreeMap<>();
            actual.walk(treeNodes::put);
            assertEquals(expected.sortedNodes().keySet(), treeNodes.keySet(), what + ": paths");
            expected.sortedNodes().forEach((path, node) -> {
                DataNode n = treeNodes.get(path);
                assertEquals(expected.stat(path), n.stat(), what + ": stat of " + path);
                assertEquals(node.owner, n.storedEphemeralOwner(), what + ": raw ephemeralOwner of " + path);
                assertArrayEquals(node.data, n.data(), what + ": data of " + path);
                assertEquals(node.acl, n.acl(), what + ": acl of " + path);
            });
            for (Map.Entry<Long, Integer> session : expected.sessions.entrySet()) {
                assertEquals(session.getValue(), actual.sessions().get(session.getKey()), what + ": session " + session);
            }
            assertEquals(expected.sessions.keySet(), actual.sessions().keySet(), what + ": sessions");
            for (String path : treeNodes.keySet()) {
                if (EphemeralType.of(treeNodes.get(path).storedEphemeralOwner(), false) == EphemeralType.CONTAINER) {
                    assertEquals(true, actual.containers().contains(path), what + ": containers() lists " + path);
                }
            }
        }
    }
}
