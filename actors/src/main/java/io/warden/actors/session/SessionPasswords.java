package io.warden.actors.session;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A session's password is derived from its id with a server secret (HMAC-SHA256, first 16
 * bytes), so any server holding the secret can check a reconnect without storing passwords,
 * while nobody without the secret can take over a session by knowing its id. Pure.
 */
public final class SessionPasswords {
    public static final int PASSWORD_BYTES = 16;
    private final SecretKeySpec key;

    public SessionPasswords(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the session secret must have at least 16 bytes, has " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    public byte[] passwordFor(long sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal(ByteBuffer.allocate(8).putLong(sessionId).array());
            byte[] password = new byte[PASSWORD_BYTES];
            System.arraycopy(full, 0, password, 0, PASSWORD_BYTES);
            return password;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
        }
    }

    /** Constant-time comparison, so response timing does not leak how much of a guess was right. */
    public boolean matches(long sessionId, byte[] password) {
        return password != null && MessageDigest.isEqual(passwordFor(sessionId), password);
    }
}
