package io.warden.persistence.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.api.data.Id;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestAuthTest {

    @Test
    void digestMatchesWhatZooKeeperStoresForUserAndPassword() {
        // The id a real ZooKeeper 3.9.5 stored for addAuthInfo("digest", "bob:secret") + CREATOR_ALL_ACL.
        assertEquals("bob:fyVmFCwVbTJYrznoSu1koqYEYF0=", DigestAuth.digest("bob:secret"));
        assertEquals(new Id("digest", "bob:fyVmFCwVbTJYrznoSu1koqYEYF0="), DigestAuth.id("bob:secret"));
    }

    @Test
    void hashCoversTheWholeStringSoAColonInThePasswordCounts() {
        String digest = DigestAuth.digest("bob:se:cret");
        assertEquals("bob:", digest.substring(0, 4));
        assertEquals(false, digest.equals(DigestAuth.digest("bob:secret")));
    }

    @Test
    void authenticateAddsOnlyTheDigestIdForAnOrdinaryUser() {
        List<Id> ids = DigestAuth.authenticate("bob:secret".getBytes(StandardCharsets.UTF_8), DigestAuth.digest("super:pw"));
        assertEquals(List.of(DigestAuth.id("bob:secret")), ids);
    }

    @Test
    void authenticateAddsSuperFirstWhenTheDigestIsTheSuperDigest() {
        List<Id> ids = DigestAuth.authenticate("super:pw".getBytes(StandardCharsets.UTF_8), DigestAuth.digest("super:pw"));
        assertEquals(List.of(SessionAuth.SUPER, DigestAuth.id("super:pw")), ids);
        assertEquals(true, new SessionAuth(ids).isSuper());
    }

    @Test
    void authenticateWithoutASuperDigestNeverGrantsSuper() {
        List<Id> ids = DigestAuth.authenticate("super:pw".getBytes(StandardCharsets.UTF_8), null);
        assertEquals(List.of(DigestAuth.id("super:pw")), ids);
    }
}
