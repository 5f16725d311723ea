package io.warden.ops.bench;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AsyncCallback.DataCallback;
import org.apache.zookeeper.AsyncCallback.StatCallback;
import org.apache.zookeeper.AsyncCallback.StringCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Keeps up to {@code outstanding} async requests in flight on one session until the window
 * ends, recording the latency of each one that completes inside the window.
 *
 * <p>Threads: {@link #drive()} runs on a thread of its own and blocks on the permit semaphore
 * (no polling); the callbacks run on the session's single ZooKeeper event thread, which is
 * the only writer of the histogram and the error counts. Every callback releases its permit
 * after recording, and {@link #drain} acquires all permits back, so once drain returns true
 * its caller sees everything the callbacks wrote (semaphore release happens-before acquire).
 */
final class SessionDriver implements DataCallback, StatCallback, StringCallback {
    private final ZooKeeper zk;
    private final LoadOptions options;
    private final List<String> znodes;
    private final String createPrefix;
    private final byte[] payload;
    private final MeasuredWindow window;
    private final Semaphore permits;
    private final SplittableRandom random;
    private final LatencyHistogram histogram = new LatencyHistogram();
    private final Map<KeeperException.Code, Long> errorsByCode = new EnumMap<>(KeeperException.Code.class);
    private long errors;
    private int nextZnode;

    SessionDriver(ZooKeeper zk, LoadOptions options, List<String> znodes, String createPrefix, byte[] payload,
            MeasuredWindow window, long seed) {
        this.zk = zk;
        this.options = options;
        this.znodes = List.copyOf(znodes);
        this.createPrefix = createPrefix;
        this.payload = payload;
        this.window = window;
        this.permits = new Semaphore(options.outstanding());
        this.random = new SplittableRandom(seed);
    }

    /** Issues requests until the window closes; returns once it stopped issuing. */
    void drive() throws InterruptedException {
        while (true) {
            long remainingNanos = window.endNanos() - System.nanoTime();
            if (remainingNanos <= 0 || !permits.tryAcquire(remainingNanos, TimeUnit.NANOSECONDS)) {
                return;
            }
            if (System.nanoTime() >= window.endNanos()) {
                permits.release();
                return;
            }
            issue();
        }
    }

    /** Waits for every request in flight to be answered; false if some were not in time. */
    boolean drain(Duration timeout) throws InterruptedException {
        return permits.tryAcquire(options.outstanding(), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Requests still unanswered; meaningful after {@link #drain} returned false. */
    int unanswered() {
        return options.outstanding() - permits.availablePermits();
    }

    LatencyHistogram histogram() {
        return histogram;
    }

    long errors() {
        return errors;
    }

    Map<KeeperException.Code, Long> errorsByCode() {
        return errorsByCode;
    }

    private void issue() {
        String path = znodes.get(nextZnode);
        nextZnode = (nextZnode + 1) % znodes.size();
        Long startNanos = System.nanoTime();
        switch (options.workload()) {
            case GET_DATA -> zk.getData(path, false, this, startNanos);
            case SET_DATA -> zk.setData(path, payload, -1, this, startNanos);
            case CREATE -> zk.create(createPrefix, payload, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL_SEQUENTIAL, this, startNanos);
            case MIXED -> {
                if (random.nextInt(100) < options.readPercent()) {
                    zk.getData(path, false, this, startNanos);
                } else {
                    zk.setData(path, payload, -1, this, startNanos);
                }
            }
        }
    }

    @Override
    public void processResult(int rc, String path, Object ctx, byte[] data, Stat stat) {
        complete(rc, ctx);
    }

    @Override
    public void processResult(int rc, String path, Object ctx, Stat stat) {
        complete(rc, ctx);
    }

    @Override
    public void processResult(int rc, String path, Object ctx, String name) {
        complete(rc, ctx);
    }

    private void complete(int rc, Object ctx) {
        long endNanos = System.nanoTime();
        try {
            KeeperException.Code code = KeeperException.Code.get(rc);
            if (code != KeeperException.Code.OK) {
                errors++;
                errorsByCode.merge(code == null ? KeeperException.Code.SYSTEMERROR : code, 1L, Long::sum);
            } else if (window.contains(endNanos)) {
                histogram.record(endNanos - (Long) ctx);
            }
        } finally {
            permits.release();
        }
    }
}
