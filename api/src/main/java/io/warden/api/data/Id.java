package io.warden.api.data;

/**
 * An authenticated identity: a scheme ("world", "auth", "digest", "ip", "super"...) and an id.
 * Either string may be null in an ACL a client sends, as jute allows (kazoo sends "auth" with a
 * null id): the server's ACL fix-up decides, as ZooKeeper's does, and no null survives it into a
 * stored ACL.
 */
public record Id(String scheme, String id) {
    public static final Id ANYONE = new Id("world", "anyone");
    /** Stands for "the ids the creating session authenticated with" inside an ACL. */
    public static final Id AUTH = new Id("auth", "");

    @Override
    public String toString() {
        return scheme + ":" + id;
    }
}
