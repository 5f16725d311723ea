package io.warden.actors.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.actors.config.Storage;
import io.warden.persistence.replica.DiffPolicy;
import io.warden.persistence.replica.SnapshotPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** snapCount, snapSizeLimitInKb, autopurge.*, commitLogCount and snapshotSizeFactor reach the replica log with ZooKeeper's meaning. */
class SnapshotSettingsTest {
    private static final Path DIR = Path.of("/").toAbsolutePath().resolve("warden-data");

    private static Storage storage(long snapSizeLimitKb, int snapRetainCount, int purgeIntervalHours) {
        return new Storage(DIR, DIR, 5_000, snapSizeLimitKb, true, snapRetainCount, purgeIntervalHours, false);
    }

    @Test
    void zooKeepersDefaultsSnapshotEvery4GiBAndNeverPurge() {
        SnapshotPolicy policy = WardenServer.snapshotPolicy(Storage.defaults(DIR));
        assertEquals(4_194_304L * 1024, policy.snapSizeLimitBytes());
        assertTrue(policy.sizeJitterBytes() >= 0 && policy.sizeJitterBytes() < 2_097_152L * 1024);
        assertEquals(3, policy.snapRetainCount());
        assertFalse(policy.purges(), "autopurge.purgeInterval=0 is ZooKeeper's default: no purge at all");
    }

    @Test
    void theSizeLimitIsInKibibytesAndNonPositiveTurnsItOff() {
        SnapshotPolicy policy = WardenServer.snapshotPolicy(storage(64, 3, 0));
        assertEquals(64 * 1024, policy.snapSizeLimitBytes());
        assertTrue(policy.sizeJitterBytes() >= 0 && policy.sizeJitterBytes() < 32 * 1024);
        assertEquals(5_000, policy.snapCount());
        assertEquals(0, WardenServer.snapshotPolicy(storage(0, 3, 0)).snapSizeLimitBytes());
        assertEquals(0, WardenServer.snapshotPolicy(storage(-1, 3, 0)).snapSizeLimitBytes());
        assertEquals(Long.MAX_VALUE, WardenServer.snapshotPolicy(storage(Long.MAX_VALUE, 3, 0)).snapSizeLimitBytes());
    }

    @Test
    void commitLogCountAndSnapshotSizeFactorReachTheDiffSource() {
        DiffPolicy defaults = WardenServer.diffPolicy(Storage.defaults(DIR));
        assertEquals(500, defaults.commitLogCount());
        assertEquals(0.33, defaults.snapshotSizeFactor());
        DiffPolicy set = WardenServer.diffPolicy(new Storage(DIR, DIR, 5_000, 0, true, 3, 0, false, 2_000, -1));
        assertEquals(2_000, set.commitLogCount());
        assertFalse(set.readsJournal(), "a negative factor turns DIFF reads from the log off, as in ZooKeeper");
    }

    @Test
    void thePurgeIntervalIsInHoursAndKeepsSnapRetainCount() {
        SnapshotPolicy policy = WardenServer.snapshotPolicy(storage(0, 5, 6));
        assertTrue(policy.purges());
        assertEquals(Duration.ofHours(6), policy.purgeInterval());
        assertEquals(5, policy.snapRetainCount());
    }
}
