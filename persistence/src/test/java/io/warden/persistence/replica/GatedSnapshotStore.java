package io.warden.persistence.replica;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.SaveSnapshotFailure;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test snapshot-store plugin in front of the real file store ("warden.persistence.snapshot-store"),
 * that can stop a save before it starts or right after it is durable and never answer: shutting the
 * actor system down then leaves the files a crash at that point leaves. Only for a run that starts on
 * an empty snapshot directory (it loads nothing).
 */
public final class GatedSnapshotStore extends SnapshotStore {
    /** Its config path; the directory setting is the real store's. */
    static final String PLUGIN = "warden.test.gated-snapshot-store";
    static final String CONFIG = PLUGIN + " { class = \"" + GatedSnapshotStore.class.getName() + "\"\n"
            + " plugin-dispatcher = \"pekko.persistence.dispatchers.default-plugin-dispatcher\" }";

    enum Gate { OPEN, BEFORE_SAVE, AFTER_SAVE }

    static volatile Gate gate = Gate.OPEN;
    static volatile CountDownLatch reached = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    static void reset(Gate next) {
        release.countDown();
        gate = next;
        reached = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    public GatedSnapshotStore(Config config) {
    }

    @Override
    public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        return FutureConverters.asScala(CompletableFuture.completedFuture(Optional.empty()));
    }

    @Override
    public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
        Gate now = gate;
        CountDownLatch stop = release;
        return FutureConverters.asScala(CompletableFuture.supplyAsync(() -> {
            if (now == Gate.BEFORE_SAVE) {
                hold(stop);
                throw new IllegalStateException("the gated store never saves after a BEFORE_SAVE hold");
            }
            Object reply = Patterns.ask(realStore(), new SnapshotProtocol.SaveSnapshot(metadata, snapshot),
                    Duration.ofSeconds(60)).toCompletableFuture().join();
            if (reply instanceof SaveSnapshotFailure failed) {
                throw new IllegalStateException(failed.cause());
            }
            if (now == Gate.AFTER_SAVE) {
                hold(stop);
            }
            return null;
        }));
    }

    private static void hold(CountDownLatch stop) {
        reached.countDown();
        try {
            stop.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private org.apache.pekko.actor.ActorRef realStore() {
        return Persistence.get(context().system()).snapshotStoreFor("warden.persistence.snapshot-store",
                ConfigFactory.empty());
    }

    @Override
    public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
        return FutureConverters.asScala(CompletableFuture.completedFuture(null));
    }

    @Override
    public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        return FutureConverters.asScala(CompletableFuture.completedFuture(null));
    }
}
