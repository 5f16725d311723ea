package io.warden.actors.server;

import io.warden.persistence.fs.DurableDirectories;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * The secret session passwords are derived from, kept in dataDir so that a restarted server
 * still accepts its sessions' reconnects. Created once, written to a temp file, fsynced and
 * renamed into place, so a crash never leaves a half-written secret; then dataDir itself is
 * fsynced (and the parents of any directory created for it), because until the rename is durable
 * a power loss can lose the secret while sessions signed with it are already in the durable log,
 * and every reconnect would then be refused.
 */
final class SessionSecret {
    static final String FILE_NAME = "warden-session.secret";
    private static final int SECRET_BYTES = 32;

    private SessionSecret() {}

    /**
     * The secret of an ensemble's session passwords. A session moves between servers with its id
     * and password, so every member must derive the same password, and the members share no
     * secret yet: each derives it from a fixed seed, as ZooKeeper derives every password from a
     * constant. A client that knows a session id can therefore compute its password, exactly as
     * with ZooKeeper; standalone nodes keep a random secret of their own (loadOrCreate).
     */
    static byte[] forEnsemble() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest("warden-ensemble-session-passwords/v1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static byte[] loadOrCreate(Path dataDir) throws IOException {
        return loadOrCreate(dataDir, DurableDirectories.REAL);
    }

    /** @param fsync forces a directory; the real one except in tests that watch it */
    static byte[] loadOrCreate(Path dataDir, DurableDirectories.Fsync fsync) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            byte[] secret = Files.readAllBytes(file);
            if (secret.length != SECRET_BYTES) {
                throw new IOException(file + " holds " + secret.length + " bytes, expected " + SECRET_BYTES
                        + "; remove it to have a new secret made (open sessions will then have to start over)");
            }
            return secret;
        }
        byte[] secret = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        DurableDirectories.create(dataDir, fsync);
        Path temp = dataDir.resolve(FILE_NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(secret));
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        fsync.force(dataDir);
        return secret;
    }
}
