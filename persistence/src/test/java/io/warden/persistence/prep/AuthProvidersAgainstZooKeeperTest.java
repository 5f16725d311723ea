package io.warden.persistence.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.api.data.Acl;
import io.warden.api.data.Id;
import io.warden.api.data.Perms;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.apache.zookeeper.server.auth.IPAuthenticationProvider;

/**
 * The ip and digest rules judged by ZooKeeper 3.9.5's own providers, on address-like strings
 * (jqwik prints its seed; replay with {@code @Property(seed = ...)}).
 */
class AuthProvidersAgainstZooKeeperTest {
    private final IPAuthenticationProvider zkIp = new IPAuthenticationProvider();
    private final DigestAuthenticationProvider zkDigest = new DigestAuthenticationProvider();

    @Provide
    Arbitrary<String> addressLike() {
        Arbitrary<String> v4 = Arbitraries.integers().between(-1, 300).list().ofMinSize(1).ofMaxSize(5)
                .map(parts -> String.join(".", parts.stream().map(String::valueOf).toList()));
        Arbitrary<String> v6 = Arbitraries.strings().withChars("0123456789abcdefg:").ofMinLength(0).ofMaxLength(24);
        Arbitrary<String> bits = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.integers().between(-2, 130).map(b -> "/" + b), Arbitraries.just("/x"));
        return Arbitraries.oneOf(v4, v6, Arbitraries.strings().withChars("0123456789.:/x").ofMaxLength(12))
                .flatMap(a -> bits.map(b -> a + b));
    }

    @Property(tries = 300)
    void ipAclIdValidityAgreesWithZooKeeper(@ForAll("addressLike") String id) {
        assertEquals(zkIp.isValid(id), IpAddresses.isValidAclId(id), id);
    }

    @Property(tries = 300)
    void ipMatchingAgreesWithZooKeeper(@ForAll("addressLike") String aclId, @ForAll("addressLike") String client) {
        String clientAddress = client.split("/", 2)[0];
        assertEquals(zkIp.matches(clientAddress, aclId), IpAddresses.matches(clientAddress, aclId), aclId + " vs " + clientAddress);
    }

    @Property(tries = 300)
    void ipMatchingAgreesWithZooKeeperForRelatedV4Addresses(@ForAll("octets") int a, @ForAll("octets") int b,
                                                           @ForAll("octets") int c, @ForAll("prefix") int bits) {
        String aclId = "10." + a + "." + b + ".0/" + bits;
        String client = "10." + a + "." + c + "." + b;
        assertEquals(zkIp.matches(client, aclId), IpAddresses.matches(client, aclId), aclId + " vs " + client);
    }

    @Provide
    Arbitrary<Integer> octets() {
        return Arbitraries.integers().between(0, 255);
    }

    @Provide
    Arbitrary<Integer> prefix() {
        return Arbitraries.integers().between(0, 32);
    }

    @Property(tries = 500)
    void digestIdValidityAgreesWithZooKeeper(@ForAll("digestLike") String id) {
        assertEquals(zkDigest.isValid(id), fixupAccepts(new Id("digest", id)), id);
    }

    private static boolean fixupAccepts(Id id) {
        try {
            new AccessControl(PrepSettings.DEFAULT).fixup("/n", List.of(new Acl(Perms.ALL, id)), SessionAuth.NONE);
            return true;
        } catch (Rejection invalid) {
            return false;
        }
    }

    @Provide
    Arbitrary<String> digestLike() {
        return Arbitraries.strings().withChars("ab:=").ofMaxLength(6);
    }

    @Property(tries = 200)
    void digestAgreesWithZooKeeper(@ForAll("userPassword") String userPassword) throws Exception {
        assertEquals(DigestAuthenticationProvider.generateDigest(userPassword), DigestAuth.digest(userPassword));
    }

    @Provide
    Arbitrary<String> userPassword() {
        return Arbitraries.strings().withChars("abcXYZ019:é$ ").ofMaxLength(16);
    }
}
