package io.warden.actors.session;

import io.warden.api.data.Acl;
import java.util.List;

/** Whether a session's authenticated ids grant some permission under an ACL. */
@FunctionalInterface
public interface Access {

    /** True when some entry of {@code acl} that matches the session grants any bit of {@code perms}. */
    boolean allowsAny(List<Acl> acl, int perms);
}
