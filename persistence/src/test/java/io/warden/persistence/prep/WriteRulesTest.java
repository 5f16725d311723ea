package io.warden.persistence.prep;

import static io.warden.persistence.prep.PrepFixture.ANON;
import static io.warden.persistence.prep.PrepFixture.S1;
import static io.warden.persistence.prep.PrepFixture.S2;
import static io.warden.persistence.prep.PrepFixture.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Id;
import io.warden.api.data.Perms;
import io.warden.persistence.txn.TxnBody;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** delete, setData, setACL, check and the reapers' deletes. */
class WriteRulesTest {
    private static final Id BOB = DigestAuth.id("bob:secret");
    private static final SessionAuth AS_BOB = ANON.with(List.of(BOB));

    private final PrepFixture f = PrepFixture.withSessions(PrepSettings.DEFAULT);

    private static List<Acl> allBut(int perm) {
        return List.of(new Acl(Perms.ALL & ~perm, Id.ANYONE));
    }

    // ---- delete

    @Test
    void deleteOfAnExistingLeafBecomesADeleteTxn() {
        f.create("/a", CreateMode.PERSISTENT);
        assertEquals(new TxnBody.Delete("/a"), f.accept(new WriteOp.Delete("/a", 0)).body());
        assertFalse(f.tree().exists("/a"));
    }

    @Test
    void deleteOfAMissingNodeIsNoNode() {
        assertEquals(Code.NO_NODE, f.code(new WriteOp.Delete("/missing", -1)));
        assertEquals(Code.NO_NODE, f.code(new WriteOp.Delete("/missing/child", -1)));
    }

    @Test
    void deleteWithoutDeletePermissionOnTheParentIsNoAuth() {
        f.create("/p", CreateMode.PERSISTENT, allBut(Perms.DELETE), S1, ANON);
        f.create("/p/c", CreateMode.PERSISTENT);
        assertEquals(Code.NO_AUTH, f.code(new WriteOp.Delete("/p/c", -1)));
    }

    @Test
    void theNodesOwnAclDoesNotMatterForDelete() {
        f.create("/c", CreateMode.PERSISTENT, List.of(new Acl(Perms.ALL, BOB)), S1, AS_BOB);
        assertEquals(Code.OK, f.code(new WriteOp.Delete("/c", -1)));
    }

    @Test
    void noAuthOnTheParentIsReportedBeforeNoNode() {
        f.create("/p", CreateMode.PERSISTENT, allBut(Perms.DELETE), S1, ANON);
        assertEquals(Code.NO_AUTH, f.code(new WriteOp.Delete("/p/missing", -1)));
    }

    @Test
    void deleteWithAnotherVersionIsBadVersionAndMinusOneMatchesAny() {
        f.create("/a", CreateMode.PERSISTENT);
        f.accept(new WriteOp.SetData("/a", bytes("v1"), -1));
        assertEquals(Code.BAD_VERSION, f.code(new WriteOp.Delete("/a", 0)));
        assertEquals(Code.OK, f.code(new WriteOp.Delete("/a", -1)));
    }

    @Test
    void deleteOfANodeWithChildrenIsNotEmpty() {
        f.create("/a", CreateMode.PERSISTENT);
        f.create("/a/b", CreateMode.PERSISTENT);
        assertEquals(Code.NOT_EMPTY, f.code(new WriteOp.Delete("/a", -1)));
    }

    @Test
    void badVersionIsReportedBeforeNotEmpty() {
        f.create("/a", CreateMode.PERSISTENT);
        f.create("/a/b", CreateMode.PERSISTENT);
        assertEquals(Code.BAD_VERSION, f.code(new WriteOp.Delete("/a", 7)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config"})
    void deleteOfZooKeepersSpecialPathsIsBadArguments(String path) {
        assertEquals(Code.BAD_ARGUMENTS, f.code(new WriteOp.Delete(path, -1)));
        assertEquals(Code.BAD_ARGUMENTS, f.code(new WriteOp.DeleteContainer(path)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nope", "/a\u0000"})
    void deleteOfAPathWithoutSlashOrWithNulIsBadArguments(String path) {
        assertEquals(Code.BAD_ARGUMENTS, f.code(new WriteOp.Delete(path, -1)));
    }

    @Test
    void otherNodesUnderZookeeperMayBeDeleted() {
        f.create("/zookeeper/mine", CreateMode.PERSISTENT);
        assertEquals(Code.OK, f.code(new WriteOp.Delete("/zookeeper/mine", -1)));
    }

    @Test
    void deleteSeesAPendingCreate() {
        f.create("/a", CreateMode.PERSISTENT);
        assertEquals(Code.OK, f.code(new WriteOp.Delete("/a", -1)));
        assertEquals(Code.NO_NODE, f.code(new WriteOp.Delete("/a", -1)));
    }

    // ---- setData

    @Test
    void setDataCarriesTheNextVersion() {
        f.create("/a", CreateMode.PERSISTENT);
        assertEquals(new TxnBody.SetData("/a", bytes("1"), 1), f.accept(new WriteOp.SetData("/a", bytes("1"), 0)).body());
        assertEquals(new TxnBody.SetData("/a", bytes("2"), 2), f.accept(new WriteOp.SetData("/a", bytes("2"), -1)).body());
        assertEquals(2, f.node("/a").version());
    }

    @Test
    void setDataRules() {
        f.create("/ro", CreateMode.PERSISTENT, allBut(Perms.WRITE), S1, ANON);
        assertEquals(Code.NO_NODE, f.code(new WriteOp.SetData("/missing", bytes(""), -1)));
        assertEquals(Code.NO_AUTH, f.code(new WriteOp.SetData("/ro", bytes(""), -1)));
        assertEquals(Code.BAD_ARGUMENTS, f.code(new WriteOp.SetData("/ro/", bytes(""), -1)));
        assertEquals(Code.BAD_VERSION, f.code(new WriteOp.SetData("/ro", bytes(""), 3), S1, ANON.with(List.of(SessionAuth.SUPER))));
        assertEquals(Code.SESSION_EXPIRED, f.code(new WriteOp.SetData("/ro", bytes(""), -1), 0x77L, ANON));
    }

    @Test
    void noAuthIsReportedBeforeBadVersion() {
        f.create("/ro", CreateMode.PERSISTENT, allBut(Perms.WRITE), S1, ANON);
        assertEquals(Code.NO_AUTH, f.code(new WriteOp.SetData("/ro", bytes(""), 3)));
    }

    @Test
    void theZookeeperNodeIsWritableButItsConfigIsNot() {
        assertEquals(Code.OK, f.code(new WriteOp.SetData("/zookeeper", bytes("x"), -1)));
        assertEquals(Code.NO_AUTH, f.code(new WriteOp.SetData("/zookeeper/config", bytes("x"), -1)));
    }

    // ---- setACL

    @Test
    void setAclCarriesTheFixedAclAndTheNextAversion() {
        f.create("/a", CreateMode.PERSISTENT);
        TxnBody body = f.accept(new WriteOp.SetAcl("/a", Acl.CREATOR_ALL_ACL, 0), S1, AS_BOB).body();
        assertEquals(new TxnBody.SetAcl("/a", List.of(new Acl(Perms.ALL, BOB)), 1), body);
        assertEquals(1, f.node("/a").aversion());
    }

    @Test
    void setAclRules() {
        f.create("/a", CreateMode.PERSISTENT, allBut(Perms.ADMIN), S1, ANON);
        assertEquals(Code.NO_NODE, f.code(new WriteOp.SetAcl("/missing", Acl.OPEN_ACL_UNSAFE, -1)));
        assertEquals(Code.NO_AUTH, f.code(new WriteOp.SetAcl("/a", Acl.OPEN_ACL_UNSAFE, -1)));
        assertEquals(Code.BAD_VERSION, f.code(new WriteOp.SetAcl("/a", Acl.OPEN_ACL_UNSAFE, 1), S1, ANON.with(List.of(SessionAuth.SUPER))));
        assertEquals(Code.BAD_ARGUMENTS, f.code(new WriteOp.SetAcl("a", Acl.OPEN_ACL_UNSAFE, -1)));
        assertEquals(Code.INVALID_ACL, f.code(new WriteOp.SetAcl("/a", List.of(new Acl(Perms.ALL, new Id("ip", "x"))), -1)));
    }

    @Test
    void invalidAclIsReportedBeforeNoNodeOnSetAcl() {
        assertEquals(Code.INVALID_ACL, f.code(new WriteOp.SetAcl("/missing", List.of(), -1)));
    }

    @Test
    void aRevokedPermissionBindsRequestsPreparedBeforeTheRevocationCommits() {
        f.create("/a", CreateMode.PERSISTENT);
        f.accept(new WriteOp.SetAcl("/a", Acl.READ_ACL_UNSAFE, -1));
        // Nothing is committed, yet the later write must already meet the new ACL.
        assertEquals(Code.NO_AUTH, f.code(new WriteOp.SetData("/a", bytes("x"), -1), S2, ANON));
    }

    // ---- check

    @Test
    void checkRules() {
        f.create("/a", CreateMode.PERSISTENT);
        f.create("/secret", CreateMode.PERSISTENT, allBut(Perms.READ), S1, ANON);
        assertEquals(new TxnBody.Check("/a", 0), f.accept(new WriteOp.Check("/a", 0)).body());
        assertEquals(new TxnBody.Check("/a", 0), f.accept(new WriteOp.Check("/a", -1)).body());
        assertEquals(Code.BAD_VERSION, f.code(new WriteOp.Check("/a", 1)));
        assertEquals(Code.NO_NODE, f.code(new WriteOp.Check("/missing", 0)));
        assertEquals(Code.NO_AUTH, f.code(new WriteOp.Check("/secret", 0)));
        assertEquals(Code.BAD_ARGUMENTS, f.code(new WriteOp.Check("/a/", 0)));
    }

    // ---- the reapers

    @Test
    void deleteContainerDeletesAnEmptyContainerWithoutSessionOrAcl() {
        f.create("/c", CreateMode.CONTAINER, allBut(Perms.DELETE), S1, ANON);
        f.create("/c/x", CreateMode.PERSISTENT);
        f.accept(new WriteOp.Delete("/c/x", -1), S1, ANON.with(List.of(SessionAuth.SUPER)));
        assertEquals(Code.OK, f.code(new WriteOp.DeleteContainer("/c"), 0L, SessionAuth.NONE));
        assertFalse(f.tree().exists("/c"));
    }

    @Test
    void deleteContainerRefusesWhatIsNoLongerAnEmptyContainer() {
        f.create("/c", CreateMode.CONTAINER);
        f.create("/c/x", CreateMode.PERSISTENT);
        f.create("/p", CreateMode.PERSISTENT);
        f.create("/e", CreateMode.EPHEMERAL);
        assertEquals(Code.NOT_EMPTY, f.code(new WriteOp.DeleteContainer("/c"), 0L, SessionAuth.NONE));
        assertEquals(Code.BAD_VERSION, f.code(new WriteOp.DeleteContainer("/p"), 0L, SessionAuth.NONE));
        assertEquals(Code.BAD_VERSION, f.code(new WriteOp.DeleteContainer("/e"), 0L, SessionAuth.NONE));
        assertEquals(Code.NO_NODE, f.code(new WriteOp.DeleteContainer("/gone"), 0L, SessionAuth.NONE));
    }

    @Test
    void deleteTtlDeletesOnlyAnExpiredChildlessTtlNode() {
        PrepFixture t = PrepFixture.withSessions(PrepSettings.DEFAULT.withExtendedTypesEnabled(true));
        t.accept(new WriteOp.Create("/t", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 1_000));
        assertEquals(Code.BAD_VERSION, t.code(new WriteOp.DeleteTtl("/t"), 0L, SessionAuth.NONE));
        t.timeMs += 1_000;
        t.accept(new WriteOp.SetData("/t", bytes("touched"), -1));
        // Each request moves the clock 10 ms: these two land 995 and 1005 ms after the setData.
        t.timeMs += 985;
        assertEquals(Code.BAD_VERSION, t.code(new WriteOp.DeleteTtl("/t"), 0L, SessionAuth.NONE));
        assertEquals(Code.OK, t.code(new WriteOp.DeleteTtl("/t"), 0L, SessionAuth.NONE));
        assertFalse(t.tree().exists("/t"));
    }

    @Test
    void deleteTtlRefusesOtherKindsAndNodesWithChildren() {
        PrepFixture t = PrepFixture.withSessions(PrepSettings.DEFAULT.withExtendedTypesEnabled(true));
        t.accept(new WriteOp.Create("/t", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 1));
        t.create("/t/x", CreateMode.PERSISTENT);
        t.create("/c", CreateMode.CONTAINER);
        t.timeMs += 10_000;
        assertEquals(Code.NOT_EMPTY, t.code(new WriteOp.DeleteTtl("/t"), 0L, SessionAuth.NONE));
        assertEquals(Code.BAD_VERSION, t.code(new WriteOp.DeleteTtl("/c"), 0L, SessionAuth.NONE));
        assertEquals(Code.BAD_VERSION, t.code(new WriteOp.DeleteContainer("/t/x"), 0L, SessionAuth.NONE));
    }
}
