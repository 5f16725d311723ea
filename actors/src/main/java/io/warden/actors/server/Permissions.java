package io.warden.actors.server;

import io.warden.api.data.Acl;
import io.warden.api.data.Perms;
import io.warden.persistence.prep.AccessControl;
import io.warden.persistence.prep.SessionAuth;
import java.util.List;

/** Reads ask "does any of these bits pass?" (getACL takes READ or ADMIN); writes ask one bit. */
public final class Permissions {
    private static final int[] BITS = {Perms.READ, Perms.WRITE, Perms.CREATE, Perms.DELETE, Perms.ADMIN};

    private Permissions() {}

    public static boolean allowsAny(AccessControl control, List<Acl> acl, int perms, SessionAuth auth) {
        for (int bit : BITS) {
            if ((perms & bit) != 0 && control.permits(acl, bit, auth)) {
                return true;
            }
        }
        return false;
    }
}
