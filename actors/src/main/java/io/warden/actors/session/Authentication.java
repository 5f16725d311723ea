package io.warden.actors.session;

import io.warden.api.data.Id;
import io.warden.persistence.prep.DigestAuth;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/** Turns an auth packet into the id the session gains, ZooKeeper's schemes. Pure. */
final class Authentication {
    private Authentication() {}

    /**
     * digest: "user:password" becomes digest:user:base64(sha1("user:password")); ip: the
     * connection's own address. Any other scheme, or a malformed digest, is refused (null).
     */
    static Id identify(String scheme, byte[] auth, InetAddress address) {
        return switch (scheme) {
            case "digest" -> {
                String userPassword = auth == null ? "" : new String(auth, StandardCharsets.UTF_8);
                yield userPassword.indexOf(':') <= 0 ? null : new Id("digest", DigestAuth.digest(userPassword));
            }
            case "ip" -> new Id("ip", address.getHostAddress());
            default -> null;
        };
    }
}
