package io.warden.persistence.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.Id;
import io.warden.api.data.Perms;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessControlTest {
    private static final Id BOB = DigestAuth.id("bob:secret");
    private static final Id ALICE = DigestAuth.id("alice:pw");
    private final AccessControl access = new AccessControl(PrepSettings.DEFAULT);

    private static SessionAuth from(String address, Id... more) {
        return SessionAuth.connectedFrom(address).with(List.of(more));
    }

    private Code fixupCode(List<Acl> acl, SessionAuth auth) {
        return assertThrows(Rejection.class, () -> access.fixup("/n", acl, auth)).code();
    }

    // ---- permits (ZooKeeper's checkACL)

    @Test
    void worldAnyoneGrantsEveryone() {
        assertTrue(access.permits(Acl.OPEN_ACL_UNSAFE, Perms.WRITE, SessionAuth.NONE));
    }

    @Test
    void anEntryGrantsOnlyItsOwnPermissionBits() {
        List<Acl> readOnly = Acl.READ_ACL_UNSAFE;
        assertTrue(access.permits(readOnly, Perms.READ, SessionAuth.NONE));
        assertFalse(access.permits(readOnly, Perms.WRITE, SessionAuth.NONE));
        assertFalse(access.permits(List.of(new Acl(0, Id.ANYONE)), Perms.READ, SessionAuth.NONE));
    }

    @Test
    void digestEntriesMatchTheSessionsDigestIdExactly() {
        List<Acl> bobOnly = List.of(new Acl(Perms.ALL, BOB));
        assertTrue(access.permits(bobOnly, Perms.DELETE, from("10.0.0.1", BOB)));
        assertFalse(access.permits(bobOnly, Perms.DELETE, from("10.0.0.1", ALICE)));
        assertFalse(access.permits(bobOnly, Perms.DELETE, from("10.0.0.1")));
    }

    @Test
    void superSessionsPassEveryCheck() {
        List<Acl> bobOnly = List.of(new Acl(Perms.READ, BOB));
        assertTrue(access.permits(bobOnly, Perms.ADMIN, from("10.0.0.1", SessionAuth.SUPER)));
    }

    @Test
    void skipAclPassesEveryCheck() {
        AccessControl skipping = new AccessControl(PrepSettings.DEFAULT.withSkipAcl(true));
        assertTrue(skipping.permits(List.of(new Acl(Perms.READ, BOB)), Perms.ADMIN, SessionAuth.NONE));
    }

    @Test
    void anEmptyNodeAclPermitsEverything() {
        assertTrue(access.permits(List.of(), Perms.ADMIN, SessionAuth.NONE));
    }

    @Test
    void worldWithAnotherIdThanAnyoneGrantsNobody() {
        assertFalse(access.permits(List.of(new Acl(Perms.ALL, new Id("world", "foo"))), Perms.READ,
                new SessionAuth(List.of(new Id("world", "foo")))));
    }

    @Test
    void anUnregisteredSchemeGrantsNobodyEvenWithAMatchingId() {
        Id x509 = new Id("x509", "CN=app");
        assertFalse(access.permits(List.of(new Acl(Perms.ALL, x509)), Perms.READ, new SessionAuth(List.of(x509))));
        AccessControl withX509 = new AccessControl(new PrepSettings(false, false, Set.of("digest", "x509")));
        assertTrue(withX509.permits(List.of(new Acl(Perms.ALL, x509)), Perms.READ, new SessionAuth(List.of(x509))));
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3, 10.1.2.3, true",
        "10.1.2.3, 10.1.2.4, false",
        "10.0.0.0/8, 10.200.1.1, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "10.1.2.3/0, 99.99.99.99, true",
        "192.168.1.129/25, 192.168.1.200, true",
        "192.168.1.129/25, 192.168.1.100, false",
        "::1, 0:0:0:0:0:0:0:1, true",
        "fe80::/16, fe80:0:0:0:1:2:3:4, true",
        "fe80::/16, fe81:0:0:0:1:2:3:4, false",
        "::1, 127.0.0.1, false",
        "127.0.0.1, 0:0:0:0:0:0:0:1, false",
    })
    void ipEntriesMatchTheClientAddressByPrefix(String aclId, String client, boolean matches) {
        List<Acl> acl = List.of(new Acl(Perms.ALL, new Id("ip", aclId)));
        assertEquals(matches, access.permits(acl, Perms.READ, SessionAuth.connectedFrom(client)));
    }

    // ---- fixup (ZooKeeper's fixupACL)

    @Test
    void anEmptyAclIsInvalid() {
        assertEquals(Code.INVALID_ACL, fixupCode(List.of(), SessionAuth.NONE));
    }

    @Test
    void duplicateEntriesAreDroppedKeepingTheFirst() {
        Acl read = new Acl(Perms.READ, Id.ANYONE);
        Acl all = new Acl(Perms.ALL, Id.ANYONE);
        assertEquals(List.of(read, all), access.fixup("/n", List.of(read, all, read), SessionAuth.NONE));
    }

    @Test
    void authIsReplacedByTheSessionsAuthenticatedIdsWithTheEntrysPerms() {
        SessionAuth auth = from("10.0.0.1", BOB, ALICE);
        assertEquals(List.of(new Acl(Perms.READ, BOB), new Acl(Perms.READ, ALICE)),
                access.fixup("/n", List.of(new Acl(Perms.READ, Id.AUTH)), auth));
    }

    @Test
    void authNeverExpandsToTheIpOrSuperIds() {
        SessionAuth auth = from("10.0.0.1", SessionAuth.SUPER, BOB);
        assertEquals(List.of(new Acl(Perms.ALL, BOB)), access.fixup("/n", Acl.CREATOR_ALL_ACL, auth));
    }

    @Test
    void authWithoutAnAuthenticatedIdIsInvalid() {
        assertEquals(Code.INVALID_ACL, fixupCode(Acl.CREATOR_ALL_ACL, from("10.0.0.1")));
        assertEquals(Code.INVALID_ACL, fixupCode(Acl.CREATOR_ALL_ACL, from("10.0.0.1", SessionAuth.SUPER)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob:hash", ":hash", "a:b"})
    void digestIdsOfTwoColonSeparatedPartsAreValid(String id) {
        List<Acl> acl = List.of(new Acl(Perms.ALL, new Id("digest", id)));
        assertEquals(acl, access.fixup("/n", acl, SessionAuth.NONE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob", "bob:", "a:b:c", "", "::"})
    void digestIdsOfAnyOtherShapeAreInvalid(String id) {
        assertEquals(Code.INVALID_ACL, fixupCode(List.of(new Acl(Perms.ALL, new Id("digest", id))), SessionAuth.NONE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4", "10.0.0.0/8", "0.0.0.0/0", "1.2.3.4/32", "::1", "::1/128", "::", "fe80::1:2",
        "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8/64", "1::8"})
    void ipIdsThatAreAddressesOrNetworksAreValid(String id) {
        List<Acl> acl = List.of(new Acl(Perms.ALL, new Id("ip", id)));
        assertEquals(acl, access.fixup("/n", acl, SessionAuth.NONE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.x", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x",
        "localhost", "", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "1:2:3:4::5:6:7:8", "12345::1", "g::1",
        "::1/129"})
    void ipIdsThatAreNotAddressesAreInvalid(String id) {
        assertEquals(Code.INVALID_ACL, fixupCode(List.of(new Acl(Perms.ALL, new Id("ip", id))), SessionAuth.NONE));
    }

    @Test
    void worldIsValidOnlyAsAnyone() {
        assertEquals(Code.INVALID_ACL, fixupCode(List.of(new Acl(Perms.ALL, new Id("world", "foo"))), SessionAuth.NONE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "super", "sasl", "x509"})
    void unregisteredSchemesAreInvalid(String scheme) {
        assertEquals(Code.INVALID_ACL, fixupCode(List.of(new Acl(Perms.ALL, new Id(scheme, "x"))), SessionAuth.NONE));
    }

    @Test
    void aConfiguredProviderSchemeIsValidAndAuthExpandsToIt() {
        AccessControl withSasl = new AccessControl(new PrepSettings(false, false, Set.of("digest", "sasl")));
        Id principal = new Id("sasl", "app@REALM");
        SessionAuth auth = from("10.0.0.1", principal);
        assertEquals(List.of(new Acl(Perms.ALL, principal)), withSasl.fixup("/n", Acl.CREATOR_ALL_ACL, auth));
        assertEquals(List.of(new Acl(Perms.ALL, principal)), withSasl.fixup("/n", List.of(new Acl(Perms.ALL, principal)), auth));
    }

    @Test
    void settingsRefuseReservedSchemesAsProviders() {
        assertThrows(IllegalArgumentException.class, () -> new PrepSettings(false, false, Set.of("ip")));
    }
}
