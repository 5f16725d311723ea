package io.warden.actors.config;

import java.util.Optional;

/**
 * Access control switches.
 *
 * @param skipAcl     skip every ACL check (ZooKeeper's unsafe {@code skipACL=yes})
 * @param superDigest {@code user:base64(sha1(user:password))}: a digest identity that bypasses ACLs
 *                    (ZooKeeper's {@code DigestAuthenticationProvider.superDigest}); empty = none
 */
public record Security(boolean skipAcl, Optional<String> superDigest) {
    public Security {
        Checks.notNull("superDigest", superDigest);
        superDigest.ifPresent(Security::checkDigestForm);
    }

    public static Security defaults() {
        return new Security(false, Optional.empty());
    }

    /** The user name of the super digest (the part before the colon). */
    public Optional<String> superUser() {
        return superDigest.map(d -> d.substring(0, d.indexOf(':')));
    }

    private static void checkDigestForm(String digest) {
        int colon = digest.indexOf(':');
        if (colon <= 0 || colon == digest.length() - 1) {
            throw new IllegalArgumentException("superDigest must have the form user:digest (as printed by"
                    + " DigestAuthenticationProvider for \"user:password\")");
        }
    }
}
