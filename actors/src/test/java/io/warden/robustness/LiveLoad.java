package io.warden.robustness;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A well-behaved client at work while something else abuses the server: creates, reads,
 * updates and deletes its own znodes under {@link Fixture#LIVE} in a loop, one operation at a
 * time, checking every answer. Any exception or wrong answer is a failure of the server to keep
 * serving its other clients.
 */
final class LiveLoad implements AutoCloseable {
    private final ZooKeeper zk;
    private final String name;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong operations = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private LiveLoad(ZooKeeper zk, String name) {
        this.zk = zk;
        this.name = name;
        this.thread = new Thread(this::loop, "live-load-" + name);
        thread.setDaemon(true);
    }

    static LiveLoad start(ZooKeeper zk, String name) {
        LiveLoad load = new LiveLoad(zk, name);
        load.thread.start();
        return load;
    }

    private void loop() {
        for (long i = 0; !stop.get() && failures.isEmpty(); i++) {
            String path = Fixture.LIVE + "/" + name + "-" + i;
            byte[] one = ("one " + i).getBytes(StandardCharsets.UTF_8);
            byte[] two = ("two " + i).getBytes(StandardCharsets.UTF_8);
            try {
                check(path.equals(zk.create(path, one, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT)), "create " + path);
                Stat stat = new Stat();
                check(java.util.Arrays.equals(one, zk.getData(path, false, stat)) && stat.getVersion() == 0, "read " + path);
                check(zk.setData(path, two, 0).getVersion() == 1, "update " + path);
                check(java.util.Arrays.equals(two, zk.getData(path, false, null)), "read back " + path);
                check(zk.getChildren(Fixture.LIVE, false).contains(name + "-" + i), "list " + Fixture.LIVE);
                zk.delete(path, 1);
                check(zk.exists(path, false) == null, "delete " + path);
                operations.addAndGet(7);
            } catch (Exception e) {
                failures.add("operation on " + path + " failed: " + e);
            }
        }
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("wrong answer to " + what);
        }
    }

    long operations() {
        return operations.get();
    }

    /** Stops the loop and returns what went wrong (empty when every operation succeeded). */
    List<String> stop() throws InterruptedException {
        stop.set(true);
        thread.join(60_000);
        if (thread.isAlive()) {
            failures.add("the load thread is stuck in an operation");
        }
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
