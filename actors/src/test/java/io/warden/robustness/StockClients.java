package io.warden.robustness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** The official ZooKeeper client, as a well-behaved user of the node under test. */
final class StockClients {
    /** The identity that owns the protected znodes: no fuzzed session can authenticate as it. */
    static final String OWNER = "owner:" + "s3cret-" + StockClients.class.getName().hashCode();
    static final int SESSION_TIMEOUT_MS = 30_000;

    private StockClients() {}

    /** A connected client, authenticated as {@link #OWNER}. */
    static ZooKeeper connect(InetSocketAddress server) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + server.getPort(), SESSION_TIMEOUT_MS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(30, TimeUnit.SECONDS)) {
            zk.close();
            throw new IOException("the stock client did not connect to " + server + " within 30 s");
        }
        zk.addAuthInfo("digest", OWNER.getBytes(StandardCharsets.UTF_8));
        return zk;
    }
}
