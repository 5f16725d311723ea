package io.warden.persistence.prep;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.persistence.tree.DataTree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * RequestPreparer.prepare throughput (requests/s) on a populated tree, speculative-tree upkeep
 * included: a sequential create, a setData, a 5-op multi, and a rejected request.
 *
 * <pre>
 * java -Xmx2g -cp CLASSPATH org.openjdk.jmh.Main io.warden.persistence.prep.PrepareBench
 * </pre>
 *
 * The preparer is reset to the populated base tree now and then, so the speculative tree stays
 * near {@code nodes} nodes while measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class PrepareBench {
    private static final long SESSION = 0x1234L;
    private static final int PARENTS = 100;
    private static final int RESET_EVERY = 50_000;

    @Param({"100000"})
    public int nodes;

    private final byte[] data = new byte[100];
    private DataTree base;
    private RequestPreparer preparer;
    private long zxid;
    private int sinceReset;
    private int next;

    @Setup
    public void setup() {
        preparer = new RequestPreparer(DataTree.fresh(), PrepSettings.DEFAULT);
        prepare(new WriteOp.CreateSession(30_000));
        prepare(create("/bench", CreateMode.PERSISTENT));
        for (int p = 0; p < PARENTS; p++) {
            prepare(create("/bench/p" + p, CreateMode.PERSISTENT));
        }
        for (int i = 0; i < nodes; i++) {
            prepare(create(path(i), CreateMode.PERSISTENT));
        }
        base = preparer.speculativeTree();
    }

    @Benchmark
    public Prepared sequentialCreate() {
        return prepare(create("/bench/p" + (next++ % PARENTS) + "/s-", CreateMode.PERSISTENT_SEQUENTIAL));
    }

    @Benchmark
    public Prepared setData() {
        return prepare(new WriteOp.SetData(path(next++ % nodes), data, -1));
    }

    @Benchmark
    public Prepared multiOfFive() {
        int i = next++;
        String parent = "/bench/p" + (i % PARENTS);
        return prepare(new WriteOp.Multi(List.of(
                create(parent + "/m-", CreateMode.PERSISTENT_SEQUENTIAL),
                create(parent + "/m-", CreateMode.PERSISTENT_SEQUENTIAL),
                new WriteOp.SetData(path(i % nodes), data, -1),
                new WriteOp.Check(parent, -1),
                new WriteOp.SetData(parent, data, -1))));
    }

    @Benchmark
    public Prepared rejected() {
        return prepare(new WriteOp.Delete("/bench/p" + (next++ % PARENTS), -1));
    }

    private Prepared prepare(WriteOp op) {
        if (base != null && ++sinceReset == RESET_EVERY) {
            // Back to the base tree; zxids only grow, so they still follow the base's last one.
            sinceReset = 0;
            preparer.reset(base);
        }
        zxid++;
        return preparer.prepare(op, new PrepContext(SESSION, (int) zxid, zxid, 1_700_000_000_000L + zxid, SessionAuth.NONE));
    }

    private WriteOp.Create create(String path, CreateMode mode) {
        return new WriteOp.Create(path, data, Acl.OPEN_ACL_UNSAFE, mode);
    }

    private String path(int i) {
        return "/bench/p" + (i % PARENTS) + "/n" + i;
    }
}
