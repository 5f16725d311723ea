package io.warden.persistence.tree;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Stat;
import io.warden.persistence.snapshot.SnapshotReader;
import io.warden.persistence.snapshot.SnapshotWriter;
import io.warden.persistence.txn.TxnBody;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ZooKeeper's quota bookkeeping in the tree (DataTree.updateQuotaStat / updateQuotaForPath in
 * ZooKeeper 3.9), driven as zkCli's setquota drives it: mkdirs under /zookeeper/quota, the limits
 * node, then the stats node with {@code count=0,bytes=0}.
 */
class QuotaStatsTest {

    @Test
    void creatingTheStatsNodeRecountsTheSubtreeThePathIncluded() {
        Driver d = new Driver();
        d.create("/app", "12345");
        d.create("/app/a", "xy");
        d.create("/app/a/b", "");
        setQuota(d, "/app", "count=3,bytes=-1");
        assertEquals("count=3,bytes=7", stats(d, "/app"));
        assertEquals(Set.of("/app"), d.tree.quotaPaths());
        d.tree.checkInvariants();
    }

    @Test
    void createsDeletesAndSetDataBelowTheQuotaMoveItsStatsButNotTheStatsNodesStat() {
        Driver d = new Driver();
        d.create("/app", "");
        setQuota(d, "/app", "count=-1,bytes=-1=;countHardLimit=10");
        Stat statsStat = d.node(Quotas.statPath("/app")).stat();
        d.create("/app/a", "hello");
        assertEquals("count=2,bytes=5", stats(d, "/app"));
        d.setData("/app/a", "hi");
        assertEquals("count=2,bytes=2", stats(d, "/app"));
        d.setData("/app", "0123456789");
        assertEquals("count=2,bytes=12", stats(d, "/app"));
        assertEquals(List.of(new WatchTrigger("/app", io.warden.api.data.EventType.NODE_DATA_CHANGED,
                Acl.OPEN_ACL_UNSAFE)), d.triggers(), "no event for the stats node");
        d.delete("/app/a");
        assertEquals("count=1,bytes=10", stats(d, "/app"));
        Stat after = d.node(Quotas.statPath("/app")).stat();
        assertEquals(statsStat.version(), after.version());
        assertEquals(statsStat.mzxid(), after.mzxid());
        assertEquals(statsStat.mtime(), after.mtime());
        assertEquals("count=1,bytes=10".length(), after.dataLength());
        d.tree.checkInvariants();
    }

    @Test
    void onlyTheDeepestQuotaAboveAWriteCounts() {
        Driver d = new Driver();
        d.create("/a", "");
        d.create("/a/b", "");
        setQuota(d, "/a", "count=100,bytes=-1");
        setQuota(d, "/a/b", "count=100,bytes=-1");
        assertEquals("count=2,bytes=0", stats(d, "/a"), "counted when its stats node was made");
        d.create("/a/b/c", "abc");
        d.create("/a/x", "");
        assertEquals("count=3,bytes=0", stats(d, "/a"));
        assertEquals("count=2,bytes=3", stats(d, "/a/b"));
        assertEquals(Optional.of("/a/b"), d.tree.quotaPathFor("/a/b/c"));
        assertEquals(Optional.of("/a"), d.tree.quotaPathFor("/a/bb"));
        assertEquals(Optional.empty(), d.tree.quotaPathFor("/ab"));
    }

    @Test
    void deletingTheLimitsNodeEndsTheQuota() {
        Driver d = new Driver();
        d.create("/app", "");
        setQuota(d, "/app", "count=5,bytes=-1");
        d.delete(Quotas.limitPath("/app"));
        assertEquals(Set.of(), d.tree.quotaPaths());
        d.create("/app/a", "x");
        assertEquals("count=1,bytes=0", stats(d, "/app"), "no longer kept");
        d.tree.checkInvariants();
    }

    @Test
    void extraKeysInTheStatsNodeAreKeptAndUnparsableStatsAreLeftAlone() {
        Driver d = new Driver();
        d.create("/app", "");
        setQuota(d, "/app", "count=5,bytes=-1");
        d.setData(Quotas.statPath("/app"), "count=1,bytes=0=;zeta=3;alpha=1");
        d.create("/app/a", "xy");
        assertEquals("count=2,bytes=2=;alpha=1;zeta=3", stats(d, "/app"));
        d.setData(Quotas.statPath("/app"), "count=oops");
        d.create("/app/b", "");
        assertEquals("count=oops", stats(d, "/app"));
        d.tree.checkInvariants();
    }

    @Test
    void aSessionsEphemeralsLeaveTheCountWhenItCloses() {
        Driver d = new Driver();
        d.apply(0x77L, new TxnBody.CreateSession(30_000));
        d.create("/app", "");
        setQuota(d, "/app", "count=5,bytes=-1");
        d.apply(0x77L, Driver.create("/app/e", "abc", CreateMode.EPHEMERAL));
        assertEquals("count=2,bytes=3", stats(d, "/app"));
        d.apply(0x77L, new TxnBody.CloseSession());
        assertEquals("count=1,bytes=0", stats(d, "/app"));
    }

    @Test
    void aFailedMultiChangesNoStats() {
        Driver d = new Driver();
        d.create("/app", "");
        setQuota(d, "/app", "count=5,bytes=-1");
        d.apply(new TxnBody.Multi(List.of(Driver.create("/app/a", "abc", CreateMode.PERSISTENT),
                new TxnBody.Delete("/missing"))));
        assertEquals("count=1,bytes=0", stats(d, "/app"));
    }

    @Test
    void aRestoredTreeKnowsItsQuotasAndKeepsCounting() throws Exception {
        Driver d = new Driver();
        d.create("/app", "");
        setQuota(d, "/app", "count=5,bytes=-1");
        d.create("/app/a", "abc");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotWriter.write(d.tree, out);
        DataTree restored = SnapshotReader.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(Set.of("/app"), restored.quotaPaths());
        assertEquals(d.tree.digest(), restored.digest());
        Driver r = new Driver(restored);
        r.timeMs = d.timeMs;
        r.create("/app/b", "xy");
        d.create("/app/b", "xy");
        assertEquals("count=3,bytes=5", stats(r, "/app"));
        assertEquals(d.tree.digest(), r.tree.digest(), "replay on the restored tree reproduces the live one");
        r.tree.checkInvariants();
    }

    @Test
    void statsTrackReadsAndWritesZooKeepersFormat() {
        StatsTrack limits = StatsTrack.parse(bytes("count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2")).orElseThrow();
        assertEquals(2, limits.countHardLimit());
        assertEquals(-1, limits.byteHardLimit());
        assertEquals(-1, limits.count());
        assertEquals("count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2", limits.toString());
        assertEquals("count=0,bytes=0", StatsTrack.of(0, 0).toString());
        assertEquals(-1, StatsTrack.parse(bytes("count==5")).orElseThrow().count(), "an empty value is -1");
        assertEquals(7, StatsTrack.parse(bytes("count=3;;count=7")).orElseThrow().count(), "the last one wins");
        assertEquals(-1, StatsTrack.parse(null).orElseThrow().bytes());
        assertTrue(StatsTrack.parse(bytes("count=")).isEmpty(), "ZooKeeper fails on a pair without a value");
        assertTrue(StatsTrack.parse(bytes("count==")).isEmpty(), "split drops the trailing empty values");
        assertTrue(StatsTrack.parse(bytes("count=x")).isEmpty());
        assertTrue(StatsTrack.parse(bytes("count")).isEmpty());
    }

    /** What zkCli's setquota does for a path without a quota. */
    static void setQuota(Driver d, String path, String limits) {
        StringBuilder dir = new StringBuilder(Quotas.QUOTA_ROOT);
        for (String part : path.substring(1).split("/")) {
            dir.append('/').append(part);
            if (!d.tree.exists(dir.toString())) {
                d.apply(new TxnBody.Create(dir.toString(), null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            }
        }
        d.create(Quotas.limitPath(path), limits);
        d.create(Quotas.statPath(path), "count=0,bytes=0");
    }

    static String stats(Driver d, String path) {
        return new String(d.node(Quotas.statPath(path)).data(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
