package io.warden.persistence.prep;

import static io.warden.persistence.prep.PrepFixture.ANON;
import static io.warden.persistence.prep.PrepFixture.S1;
import static io.warden.persistence.prep.PrepFixture.S2;
import static io.warden.persistence.prep.PrepFixture.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EphemeralType;
import io.warden.api.data.Id;
import io.warden.api.data.Perms;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreateRulesTest {
    private static final Id BOB = DigestAuth.id("bob:secret");
    private static final SessionAuth AS_BOB = ANON.with(List.of(BOB));
    private static final List<Acl> BOB_ONLY = List.of(new Acl(Perms.ALL, BOB));

    private final PrepFixture f = PrepFixture.withSessions(PrepSettings.DEFAULT);

    private static WriteOp.Create create(String path, CreateMode mode) {
        return new WriteOp.Create(path, bytes("x"), Acl.OPEN_ACL_UNSAFE, mode);
    }

    private static WriteOp.Create createTtl(String path, CreateMode mode, long ttlMs) {
        return new WriteOp.Create(path, bytes("x"), Acl.OPEN_ACL_UNSAFE, mode, ttlMs);
    }

    @Test
    void acceptedCreateCarriesTheContextInItsHeaderAndTheFinalValuesInItsBody() {
        f.create("/a", CreateMode.PERSISTENT);
        Txn txn = f.accept(new WriteOp.Create("/a/b", bytes("hello"), Acl.READ_ACL_UNSAFE, CreateMode.PERSISTENT), S2, ANON);

        assertEquals(S2, txn.sessionId());
        assertEquals(f.zxid, txn.zxid());
        assertEquals((int) f.zxid, txn.cxid());
        assertEquals(f.timeMs, txn.timeMs());
        TxnBody.Create body = (TxnBody.Create) txn.body();
        assertEquals("/a/b", body.path());
        assertArrayEquals(bytes("hello"), body.data());
        assertEquals(Acl.READ_ACL_UNSAFE, body.acl());
        assertEquals(CreateMode.PERSISTENT, body.mode());
        assertEquals(0, body.ttlMs());
        assertEquals(1, body.parentCVersion());
    }

    @Test
    void createUnderAMissingParentIsNoNode() {
        assertEquals(Code.NO_NODE, f.code(create("/missing/child", CreateMode.PERSISTENT)));
    }

    @Test
    void createOfAnExistingNodeIsNodeExists() {
        f.create("/a", CreateMode.PERSISTENT);
        assertEquals(Code.NODE_EXISTS, f.code(create("/a", CreateMode.PERSISTENT)));
    }

    @Test
    void createOfTheRootIsNodeExistsAsInZooKeeper() {
        assertEquals(Code.NODE_EXISTS, f.code(create("/", CreateMode.PERSISTENT)));
    }

    @Test
    void createWithoutCreatePermissionOnTheParentIsNoAuth() {
        f.create("/locked", CreateMode.PERSISTENT, List.of(new Acl(Perms.ALL & ~Perms.CREATE, Id.ANYONE)), S1, ANON);
        assertEquals(Code.NO_AUTH, f.code(create("/locked/c", CreateMode.PERSISTENT)));
    }

    @Test
    void noAuthOnTheParentIsReportedBeforeNodeExists() {
        f.create("/p", CreateMode.PERSISTENT, BOB_ONLY, S1, AS_BOB);
        f.create("/p/c", CreateMode.PERSISTENT, Acl.OPEN_ACL_UNSAFE, S1, AS_BOB);
        assertEquals(Code.NO_AUTH, f.code(create("/p/c", CreateMode.PERSISTENT)));
        assertEquals(Code.NODE_EXISTS, f.code(create("/p/c", CreateMode.PERSISTENT), S1, AS_BOB));
    }

    @Test
    void aDigestAclLetsItsUserCreateChildren() {
        f.create("/p", CreateMode.PERSISTENT, BOB_ONLY, S1, AS_BOB);
        assertEquals(Code.OK, f.code(create("/p/c", CreateMode.PERSISTENT), S2, AS_BOB));
    }

    @Test
    void anIpAclLetsClientsOfThatNetworkCreateChildren() {
        f.create("/lan", CreateMode.PERSISTENT, List.of(new Acl(Perms.ALL, new Id("ip", "10.0.0.0/8"))), S1, ANON);
        assertEquals(Code.OK, f.code(create("/lan/a", CreateMode.PERSISTENT), S1, SessionAuth.connectedFrom("10.9.9.9")));
        assertEquals(Code.NO_AUTH, f.code(create("/lan/b", CreateMode.PERSISTENT), S1, SessionAuth.connectedFrom("192.168.0.1")));
    }

    @Test
    void createUnderAnEphemeralIsNoChildrenForEphemerals() {
        f.create("/e", CreateMode.EPHEMERAL);
        assertEquals(Code.NO_CHILDREN_FOR_EPHEMERALS, f.code(create("/e/c", CreateMode.PERSISTENT)));
    }

    @Test
    void nodeExistsIsReportedBeforeNoChildrenForEphemerals() {
        f.create("/e", CreateMode.EPHEMERAL);
        assertEquals(Code.NODE_EXISTS, f.code(create("/e", CreateMode.PERSISTENT)));
    }

    @Test
    void containersAndTtlNodesMayHaveChildren() {
        PrepFixture ttl = PrepFixture.withSessions(PrepSettings.DEFAULT.withExtendedTypesEnabled(true));
        ttl.create("/c", CreateMode.CONTAINER);
        ttl.accept(createTtl("/t", CreateMode.PERSISTENT_WITH_TTL, 5_000));
        assertEquals(Code.OK, ttl.code(create("/c/x", CreateMode.PERSISTENT)));
        assertEquals(Code.OK, ttl.code(create("/t/x", CreateMode.PERSISTENT)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "/a\u0000b"})
    void createOfAPathWithoutSlashOrWithNulIsBadArguments(String path) {
        assertEquals(Code.BAD_ARGUMENTS, f.code(create(path, CreateMode.PERSISTENT)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/", "/a/.", "/a/..", "/a/b\u0001"})
    void createOfAnInvalidPathUnderAnExistingParentIsBadArguments(String path) {
        f.create("/a", CreateMode.PERSISTENT);
        f.create("/a/b", CreateMode.PERSISTENT);
        assertEquals(Code.BAD_ARGUMENTS, f.code(create(path, CreateMode.PERSISTENT)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a//b", "a/b", "/a/./b"})
    void createOfAnInvalidPathWhoseParentDoesNotExistIsNoNodeAsInZooKeeper(String path) {
        // ZooKeeper looks up everything before the last '/' before it validates the whole path.
        assertEquals(Code.NO_NODE, f.code(create(path, CreateMode.PERSISTENT)));
    }

    @Test
    void sequentialCreateAppendsTheParentsCounterZeroPaddedToTenDigits() {
        f.create("/q", CreateMode.PERSISTENT);
        assertEquals("/q/n-0000000000", f.create("/q/n-", CreateMode.PERSISTENT_SEQUENTIAL));
        assertEquals("/q/n-0000000001", f.create("/q/n-", CreateMode.EPHEMERAL_SEQUENTIAL));
        f.create("/q/plain", CreateMode.PERSISTENT);
        assertEquals("/q/m-0000000003", f.create("/q/m-", CreateMode.PERSISTENT_SEQUENTIAL));
    }

    @Test
    void sequentialNumbersKeepCountingAfterDeletes() {
        f.create("/q", CreateMode.PERSISTENT);
        String first = f.create("/q/n-", CreateMode.PERSISTENT_SEQUENTIAL);
        f.accept(new WriteOp.Delete(first, -1));
        assertEquals("/q/n-0000000001", f.create("/q/n-", CreateMode.PERSISTENT_SEQUENTIAL));
    }

    @Test
    void sequentialCreateOfASlashTerminatedPathNamesAChildOfThatNode() {
        f.create("/q", CreateMode.PERSISTENT);
        assertEquals("/q/0000000000", f.create("/q/", CreateMode.PERSISTENT_SEQUENTIAL));
        // The root's counter: "/q" was its first child create.
        assertEquals("/0000000001", f.create("/", CreateMode.PERSISTENT_SEQUENTIAL));
    }

    @Test
    void sequentialCreatesSeeEachOtherBeforeAnyCommit() {
        f.create("/q", CreateMode.PERSISTENT);
        // Nothing here is committed: each create is decided against the speculative tree.
        for (int i = 0; i < 5; i++) {
            assertEquals("/q/n-000000000" + i, f.create("/q/n-", CreateMode.PERSISTENT_SEQUENTIAL));
        }
    }

    @Test
    void ephemeralsAreOwnedByTheCreatingSession() {
        f.create("/e", CreateMode.EPHEMERAL_SEQUENTIAL, Acl.OPEN_ACL_UNSAFE, S2, ANON);
        assertEquals(S2, f.node("/e0000000000").ephemeralOwner());
    }

    @Test
    void containersGetTheContainerOwner() {
        f.create("/c", CreateMode.CONTAINER);
        assertEquals(EphemeralType.CONTAINER_OWNER, f.node("/c").storedEphemeralOwner());
    }

    @Test
    void ttlCreateWithoutExtendedTypesIsUnimplemented() {
        assertEquals(Code.UNIMPLEMENTED, f.code(createTtl("/t", CreateMode.PERSISTENT_WITH_TTL, 1_000)));
        assertEquals(Code.UNIMPLEMENTED, f.code(createTtl("/t", CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, 1_000)));
        // Unimplemented is decided first, even for a TTL that would be out of range.
        assertEquals(Code.UNIMPLEMENTED, f.code(createTtl("/t", CreateMode.PERSISTENT_WITH_TTL, 0)));
    }

    @Test
    void ttlCreateWithExtendedTypesStoresTheTtl() {
        PrepFixture ttl = PrepFixture.withSessions(PrepSettings.DEFAULT.withExtendedTypesEnabled(true));
        Txn txn = ttl.accept(createTtl("/t-", CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, 5_000));
        TxnBody.Create body = (TxnBody.Create) txn.body();
        assertEquals("/t-0000000000", body.path());
        assertEquals(5_000, body.ttlMs());
        assertEquals(EphemeralType.ttlToOwner(5_000), ttl.node("/t-0000000000").storedEphemeralOwner());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, -5, EphemeralType.MAX_TTL_MS + 1, Long.MAX_VALUE})
    void ttlOutOfRangeIsBadArguments(long ttlMs) {
        PrepFixture ttl = PrepFixture.withSessions(PrepSettings.DEFAULT.withExtendedTypesEnabled(true));
        assertEquals(Code.BAD_ARGUMENTS, ttl.code(createTtl("/t", CreateMode.PERSISTENT_WITH_TTL, ttlMs)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PERSISTENT", "EPHEMERAL", "EPHEMERAL_SEQUENTIAL", "CONTAINER", "PERSISTENT_SEQUENTIAL"})
    void aTtlOnAModeWithoutTtlIsBadArguments(CreateMode mode) {
        assertEquals(Code.BAD_ARGUMENTS, f.code(createTtl("/t", mode, 1_000)));
        assertEquals(Code.BAD_ARGUMENTS, f.code(createTtl("/t", mode, 0)));
    }

    @Test
    void anEmptyAclIsInvalidAcl() {
        assertEquals(Code.INVALID_ACL, f.code(new WriteOp.Create("/a", bytes(""), List.of(), CreateMode.PERSISTENT)));
    }

    @Test
    void invalidAclIsReportedBeforeNoNode() {
        assertEquals(Code.INVALID_ACL, f.code(new WriteOp.Create("/missing/a", bytes(""), List.of(), CreateMode.PERSISTENT)));
    }

    @Test
    void anAuthAclFromASessionWithoutAuthenticatedIdsIsInvalidAcl() {
        assertEquals(Code.INVALID_ACL, f.code(new WriteOp.Create("/a", bytes(""), Acl.CREATOR_ALL_ACL, CreateMode.PERSISTENT)));
    }

    @Test
    void anAuthAclIsStoredAsTheSessionsDigestIds() {
        Txn txn = f.accept(new WriteOp.Create("/a", bytes(""), Acl.CREATOR_ALL_ACL, CreateMode.PERSISTENT), S1, AS_BOB);
        assertEquals(BOB_ONLY, ((TxnBody.Create) txn.body()).acl());
        assertEquals(BOB_ONLY, f.node("/a").acl());
    }

    @Test
    void createFromASessionThatIsNotOpenIsSessionExpired() {
        assertEquals(Code.SESSION_EXPIRED, f.code(create("/a", CreateMode.PERSISTENT), 0x9999L, ANON));
    }

    @Test
    void anEphemeralForASessionWhoseCloseIsPendingIsRefused() {
        f.accept(new WriteOp.CloseSession(), S2, ANON);
        assertEquals(Code.SESSION_EXPIRED, f.code(create("/e", CreateMode.EPHEMERAL), S2, ANON));
    }

    @Test
    void ttlChecksComeBeforeTheSessionCheckAsInZooKeeper() {
        assertEquals(Code.UNIMPLEMENTED, f.code(createTtl("/t", CreateMode.PERSISTENT_WITH_TTL, 1_000), 0x9999L, ANON));
        assertEquals(Code.BAD_ARGUMENTS, f.code(createTtl("/t", CreateMode.PERSISTENT, 1_000), 0x9999L, ANON));
    }

    @Test
    void superAndSkipAclBypassCreatePermission() {
        f.create("/locked", CreateMode.PERSISTENT, Acl.READ_ACL_UNSAFE, S1, ANON);
        assertEquals(Code.OK, f.code(create("/locked/a", CreateMode.PERSISTENT), S1, ANON.with(List.of(SessionAuth.SUPER))));
        PrepFixture skipping = PrepFixture.withSessions(PrepSettings.DEFAULT.withSkipAcl(true));
        skipping.create("/locked", CreateMode.PERSISTENT, Acl.READ_ACL_UNSAFE, S1, ANON);
        assertEquals(Code.OK, skipping.code(create("/locked/a", CreateMode.PERSISTENT)));
    }

    @Test
    void childrenOfTheZookeeperNodeMayBeCreated() {
        assertEquals(Code.OK, f.code(create("/zookeeper/mine", CreateMode.PERSISTENT)));
        assertEquals(Code.NO_AUTH, f.code(create("/zookeeper/config/mine", CreateMode.PERSISTENT)));
    }
}
