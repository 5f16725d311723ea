package io.warden.persistence.prep;

import static io.warden.persistence.prep.PrepFixture.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.persistence.tree.Quotas;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ZooKeeper's checkQuota with zookeeper.enforceQuota=true, and its absence without. */
class QuotaEnforcementTest {
    private final PrepFixture f = PrepFixture.withSessions(PrepSettings.DEFAULT.withEnforceQuota(true));

    @Test
    void aCreatePastTheHardCountLimitIsQuotaExceededAndChangesNothing() {
        quota(f, "/app", "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2");
        assertEquals(Code.OK, f.code(create("/app/a", "")));
        Prepared refused = f.run(create("/app/b", ""));
        assertEquals(Code.QUOTA_EXCEEDED, PrepFixture.code(refused));
        assertEquals(List.of("Quota exceeded: /app [current count=3, hardCountLimit=2]"), refused.warnings());
        assertFalse(f.tree().exists("/app/b"));
        assertEquals("count=2,bytes=0", stats("/app"));
        assertEquals(Code.OK, f.code(create("/elsewhere", "")), "outside the quota nothing is checked");
    }

    @Test
    void bytesPastTheHardByteLimitAreQuotaExceededForCreateAndSetData() {
        quota(f, "/app", "count=-1,bytes=-1=;byteHardLimit=5;countHardLimit=-1");
        assertEquals(Code.OK, f.code(create("/app/a", "12345")));
        assertEquals(Code.QUOTA_EXCEEDED, f.code(create("/app/b", "6")));
        assertEquals(Code.OK, f.code(create("/app/empty", "")), "no bytes, no byte check");
        assertEquals(Code.QUOTA_EXCEEDED, f.code(new WriteOp.SetData("/app/a", bytes("123456"), -1)));
        assertEquals(Code.OK, f.code(new WriteOp.SetData("/app/a", bytes("1"), -1)), "shrinking is fine");
        assertEquals("count=3,bytes=1", stats("/app"));
    }

    @Test
    void quotaExceededComesBeforeBadVersionOnSetData() {
        quota(f, "/app", "count=-1,bytes=-1=;byteHardLimit=1");
        assertEquals(Code.QUOTA_EXCEEDED, f.code(new WriteOp.SetData("/app", bytes("toolong"), 42)));
    }

    @Test
    void aSoftLimitOnlyWarns() {
        quota(f, "/app", "count=1,bytes=2");
        Prepared passed = f.run(create("/app/a", "abc"));
        assertInstanceOf(Prepared.Accepted.class, passed);
        assertEquals(List.of("Quota exceeded: /app [current count=2, softCountLimit=1]",
                "Quota exceeded: /app [current bytes=3, softByteLimit=2]"), passed.warnings());
    }

    @Test
    void aHardLimitHidesTheSoftOneOfTheSameKind() {
        quota(f, "/app", "count=1,bytes=-1=;countHardLimit=5");
        Prepared passed = f.run(create("/app/a", ""));
        assertEquals(List.of(), passed.warnings(), "count 2 passes the soft 1, but only the hard 5 is looked at");
    }

    @Test
    void aMultiPastTheHardLimitFailsWhole() {
        quota(f, "/app", "count=-1,bytes=-1=;countHardLimit=2");
        Prepared refused = f.run(new WriteOp.Multi(List.of(create("/other", ""), create("/app/a", ""),
                create("/app/b", ""))));
        assertEquals(Code.QUOTA_EXCEEDED, PrepFixture.code(refused));
        assertEquals(2, ((Prepared.Rejected) refused).failedOpIndex(),
                "the multi's earlier create counts: Warden never lets a multi pass a hard limit");
        assertFalse(f.tree().exists("/other"));
        assertFalse(f.tree().exists("/app/a"));
        assertEquals("count=1,bytes=0", stats("/app"));
    }

    @Test
    void withoutEnforcementHardLimitsAreOnlyCounted() {
        PrepFixture lax = PrepFixture.withSessions(PrepSettings.DEFAULT);
        quota(lax, "/app", "count=-1,bytes=-1=;countHardLimit=1");
        Prepared passed = lax.run(create("/app/a", ""));
        assertInstanceOf(Prepared.Accepted.class, passed);
        assertEquals(List.of(), passed.warnings());
        assertEquals("count=2,bytes=0", new String(lax.node(Quotas.statPath("/app")).data(), StandardCharsets.UTF_8));
    }

    /** zkCli's setquota on a fresh path: the path, the quota dirs, limits, then stats. */
    private static void quota(PrepFixture fx, String path, String limits) {
        fx.accept(create(path, ""));
        fx.accept(create(Quotas.QUOTA_ROOT + path, ""));
        fx.accept(create(Quotas.limitPath(path), limits));
        fx.accept(create(Quotas.statPath(path), "count=0,bytes=0"));
    }

    private static WriteOp.Create create(String path, String data) {
        return new WriteOp.Create(path, bytes(data), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    private String stats(String path) {
        return new String(f.node(Quotas.statPath(path)).data(), StandardCharsets.UTF_8);
    }
}
