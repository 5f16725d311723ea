package io.warden.persistence.prep;

import io.warden.api.data.Id;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * ZooKeeper's "digest" authentication. A client sends "user:password"; the server keeps the id
 * {@code user:base64(sha1("user:password"))} (the hash covers the whole string, user and colon
 * included), which is also the form {@code digest} ACL entries and the server's superDigest
 * setting use. Passwords never reach the tree or the log.
 */
public final class DigestAuth {
    public static final String SCHEME = "digest";

    private DigestAuth() {
    }

    /** The digest form of "user:password": "user:" + base64 of the SHA-1 of the whole string. */
    public static String digest(String userColonPassword) {
        String user = userColonPassword.split(":", 2)[0];
        return user + ":" + Base64.getEncoder().encodeToString(sha1(userColonPassword));
    }

    /** The digest id for "user:password". */
    public static Id id(String userColonPassword) {
        return new Id(SCHEME, digest(userColonPassword));
    }

    /**
     * The ids an addAuth("digest", authData) gives the session, in ZooKeeper's order: "super:" first
     * when the digest equals the configured super digest, then the digest id itself.
     *
     * @param authData    the auth packet's bytes, "user:password" in UTF-8
     * @param superDigest the server's super digest ("super:hash"), or null when none is configured
     */
    public static List<Id> authenticate(byte[] authData, String superDigest) {
        String digest = digest(new String(authData, StandardCharsets.UTF_8));
        List<Id> ids = new ArrayList<>(2);
        if (digest.equals(superDigest)) {
            ids.add(SessionAuth.SUPER);
        }
        ids.add(new Id(SCHEME, digest));
        return List.copyOf(ids);
    }

    private static byte[] sha1(String text) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
    }
}
