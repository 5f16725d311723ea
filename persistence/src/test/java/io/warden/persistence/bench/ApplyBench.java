package io.warden.persistence.bench;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;
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

import java.util.concurrent.TimeUnit;

/**
 * DataTree.apply throughput for create, setData and delete on a populated tree (txns/s).
 *
 * <pre>
 * java -Xmx2g -cp CLASSPATH org.openjdk.jmh.Main io.warden.persistence.bench.ApplyBench
 * </pre>
 *
 * Create and delete apply to the same base tree every time (the persistent tree makes that free),
 * so the tree neither grows nor empties while measured; setData keeps the tree it produces, as a
 * server does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class ApplyBench {
    /** Nodes in the tree, as 100 parents of equal size under /bench. */
    @Param({"100000"})
    public int nodes;

    private static final int PARENTS = 100;
    private final byte[] data = new byte[100];
    private DataTree base;
    private DataTree current;
    private long zxid;
    private int next;

    @Setup
    public void setup() {
        base = DataTree.fresh();
        base = apply(base, create("/bench"));
        for (int p = 0; p < PARENTS; p++) {
            base = apply(base, create("/bench/p" + p));
        }
        for (int i = 0; i < nodes; i++) {
            base = apply(base, create(path(i)));
        }
        current = base;
    }

    private String path(int i) {
        return "/bench/p" + (i % PARENTS) + "/n" + (i / PARENTS);
    }

    private TxnBody.Create create(String path) {
        return new TxnBody.Create(path, data, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    private DataTree apply(DataTree tree, TxnBody body) {
        zxid = Math.max(zxid, tree.lastProcessedZxid()) + 1;
        return tree.apply(new Txn(1, 1, zxid, 1_700_000_000_000L + zxid, body)).tree();
    }

    @Benchmark
    public DataTree create() {
        int i = nodes + (next++ % nodes);
        return base.apply(new Txn(1, 1, base.lastProcessedZxid() + 1, 1_700_000_000_000L,
                create(path(i)))).tree();
    }

    @Benchmark
    public DataTree delete() {
        int i = next++ % nodes;
        return base.apply(new Txn(1, 1, base.lastProcessedZxid() + 1, 1_700_000_000_000L,
                new TxnBody.Delete(path(i)))).tree();
    }

    @Benchmark
    public DataTree setData() {
        int i = next++ % nodes;
        String path = path(i);
        int version = current.node(path).orElseThrow().version() + 1;
        current = apply(current, new TxnBody.SetData(path, data, version));
        return current;
    }
}
