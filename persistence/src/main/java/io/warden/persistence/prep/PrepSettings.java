package io.warden.persistence.prep;

import java.util.Set;

/**
 * Server settings that change what preparation accepts; they come from configuration, never from
 * a system property read here.
 *
 * @param extendedTypesEnabled ZooKeeper's {@code zookeeper.extendedTypesEnabled}: TTL nodes are
 *                             allowed (without it a TTL create fails with UNIMPLEMENTED, and an
 *                             ephemeralOwner with the top byte 0xFF means a session, not a TTL)
 * @param skipAcl              ZooKeeper's {@code zookeeper.skipACL}: no permission is checked
 *                             (ACLs are still validated and stored)
 * @param authSchemes          schemes of the authentication providers whose ids "auth" ACLs expand
 *                             to and whose ids may appear in ACLs, beside "world" and "ip":
 *                             ZooKeeper registers "digest" always, "sasl", "x509" and others only
 *                             when configured. "digest" ids are checked for ZooKeeper's
 *                             {@code user:hash} shape; ids of other schemes are taken as given
 * @param enforceQuota         ZooKeeper's {@code zookeeper.enforceQuota}: a create or setData past a
 *                             hard quota fails with QUOTA_EXCEEDED (see {@link QuotaCheck}); off,
 *                             quotas are only counted
 */
public record PrepSettings(boolean extendedTypesEnabled, boolean skipAcl, Set<String> authSchemes,
                           boolean enforceQuota) {
    /** A default ZooKeeper 3.9 server: no TTL nodes, ACLs enforced, digest authentication, quotas not enforced. */
    public static final PrepSettings DEFAULT = new PrepSettings(false, false, Set.of("digest"));

    /** Settings with quotas not enforced, ZooKeeper's default. */
    public PrepSettings(boolean extendedTypesEnabled, boolean skipAcl, Set<String> authSchemes) {
        this(extendedTypesEnabled, skipAcl, authSchemes, false);
    }

    public PrepSettings {
        authSchemes = Set.copyOf(authSchemes);
        for (String reserved : Set.of("world", "auth", "ip", "super")) {
            if (authSchemes.contains(reserved)) {
                throw new IllegalArgumentException("\"" + reserved + "\" is not an authentication provider scheme");
            }
        }
    }

    public PrepSettings withExtendedTypesEnabled(boolean enabled) {
        return new PrepSettings(enabled, skipAcl, authSchemes, enforceQuota);
    }

    public PrepSettings withSkipAcl(boolean skip) {
        return new PrepSettings(extendedTypesEnabled, skip, authSchemes, enforceQuota);
    }

    public PrepSettings withEnforceQuota(boolean enforce) {
        return new PrepSettings(extendedTypesEnabled, skipAcl, authSchemes, enforce);
    }
}
