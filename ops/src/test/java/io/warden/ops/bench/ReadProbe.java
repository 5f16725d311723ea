package io.warden.ops.bench;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * One session that reads a znode in a loop (one read at a time) on a thread of its own and
 * records each read's latency in microseconds: how responsive a server stays to a client that
 * is not part of the load (a reconnect storm, say). Failed reads are counted, not recorded.
 */
final class ReadProbe {
    private final ZooKeeper zk;
    private final String path;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final AtomicLong errors = new AtomicLong();
    private final Thread thread;
    private volatile boolean stop;

    private ReadProbe(ZooKeeper zk, String path) {
        this.zk = zk;
        this.path = path;
        this.thread = new Thread(this::run, "read-probe");
    }

    /** Connects to {@code connect} (waiting up to a minute) and starts reading {@code path}. */
    static ReadProbe start(String connect, String path) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, 30_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(1, TimeUnit.MINUTES)) {
            zk.close();
            throw new IOException("the read probe could not connect to " + connect);
        }
        ReadProbe probe = new ReadProbe(zk, path);
        probe.thread.start();
        return probe;
    }

    private void run() {
        while (!stop) {
            long start = System.nanoTime();
            try {
                zk.getData(path, false, null);
                synchronized (latencies) {
                    latencies.record(Math.max(1, (System.nanoTime() - start) / 1000));
                }
            } catch (org.apache.zookeeper.KeeperException e) {
                errors.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops reading, closes the session and returns the latencies (µs) recorded. */
    LatencyHistogram stop() throws InterruptedException {
        stop = true;
        thread.join(TimeUnit.MINUTES.toMillis(1));
        zk.close();
        synchronized (latencies) {
            return latencies;
        }
    }

    long errors() {
        return errors.get();
    }
}
