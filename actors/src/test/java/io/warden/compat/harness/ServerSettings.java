package io.warden.compat.harness;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * What a test class asks of the server it talks to. Every target maps these onto its own
 * configuration (zoo.cfg keys in brackets); a target that cannot honour a value must fail
 * at start, never silently run with another.
 *
 * @param tickTimeMs               [tickTime] the server's basic time unit
 * @param minSessionTimeoutMs      [minSessionTimeout] lower clamp of negotiated timeouts
 * @param maxSessionTimeoutMs      [maxSessionTimeout] upper clamp of negotiated timeouts
 * @param fourLetterWords          [4lw.commands.whitelist] words the server answers
 * @param superDigest              [DigestAuthenticationProvider.superDigest] "super:base64(sha1)"
 * @param maxClientCnxns           [maxClientCnxns] concurrent connections per client IP, 0 = none
 * @param juteMaxBufferBytes       [jute.maxbuffer] largest frame the server accepts
 * @param containerCheckIntervalMs [znode.container.checkIntervalMs] how often empty containers
 *                                 and expired TTL nodes are looked for
 * @param extendedTypesEnabled     [extendedTypesEnabled] whether TTL nodes may be created
 * @param enforceQuota             [enforceQuota] whether writes past a hard quota fail; always on
 *                                 in this suite, because ZooKeeper reads it once per JVM (see
 *                                 {@link #ENFORCE_QUOTA})
 * @param snapCount                [snapCount] txns between snapshots
 */
public record ServerSettings(
    int tickTimeMs,
    int minSessionTimeoutMs,
    int maxSessionTimeoutMs,
    Set<String> fourLetterWords,
    String superDigest,
    int maxClientCnxns,
    int juteMaxBufferBytes,
    int containerCheckIntervalMs,
    boolean extendedTypesEnabled,
    boolean enforceQuota,
    int snapCount) {

  /** The super user every target is started with; see {@link #SUPER_DIGEST}. */
  public static final String SUPER_USER = "super";
  public static final String SUPER_PASSWORD = "warden-super-secret";
  /**
   * One value for the whole suite: ZooKeeper reads the super digest once per JVM, so a
   * per-class value could not be honoured by the reference.
   */
  public static final String SUPER_DIGEST = digestOf(SUPER_USER, SUPER_PASSWORD);
  /** ZooKeeper's default jute.maxbuffer (0xfffff), also fixed once per JVM. */
  public static final int DEFAULT_JUTE_MAX_BUFFER_BYTES = 0xfffff;
  /**
   * ZooKeeper reads zookeeper.enforceQuota once per JVM, into a constant; the suite turns it on
   * for every server, which changes nothing where no quota is set.
   */
  public static final boolean ENFORCE_QUOTA = true;
  /** ZooKeeper's default snapCount. */
  public static final int DEFAULT_SNAP_COUNT = 100_000;

  public ServerSettings {
    Objects.requireNonNull(fourLetterWords, "fourLetterWords");
    Objects.requireNonNull(superDigest, "superDigest");
    fourLetterWords = Set.copyOf(fourLetterWords);
    if (tickTimeMs <= 0 || minSessionTimeoutMs < 2 * tickTimeMs
        || maxSessionTimeoutMs < minSessionTimeoutMs) {
      throw new IllegalArgumentException("need 0 < 2*tickTime <= minSessionTimeout <= maxSessionTimeout: "
          + tickTimeMs + ", " + minSessionTimeoutMs + ", " + maxSessionTimeoutMs);
    }
  }

  /**
   * Fast ticks so that expiry tests finish in a second or two, a session timeout window wide
   * enough for a server restart, and the words the four-letter-word tests need.
   */
  public static ServerSettings defaults() {
    return new ServerSettings(200, 400, 30_000,
        Set.of("ruok", "srvr", "stat", "mntr", "conf", "cons", "envi", "wchs", "dump", "isro"),
        SUPER_DIGEST, 60, DEFAULT_JUTE_MAX_BUFFER_BYTES, 100, true, ENFORCE_QUOTA, DEFAULT_SNAP_COUNT);
  }

  public ServerSettings withFourLetterWords(Set<String> words) {
    return new ServerSettings(tickTimeMs, minSessionTimeoutMs, maxSessionTimeoutMs, words,
        superDigest, maxClientCnxns, juteMaxBufferBytes, containerCheckIntervalMs, extendedTypesEnabled,
        enforceQuota, snapCount);
  }

  public ServerSettings withMaxClientCnxns(int max) {
    return new ServerSettings(tickTimeMs, minSessionTimeoutMs, maxSessionTimeoutMs, fourLetterWords,
        superDigest, max, juteMaxBufferBytes, containerCheckIntervalMs, extendedTypesEnabled,
        enforceQuota, snapCount);
  }

  public ServerSettings withSessionTimeoutsMs(int min, int max) {
    return new ServerSettings(tickTimeMs, min, max, fourLetterWords,
        superDigest, maxClientCnxns, juteMaxBufferBytes, containerCheckIntervalMs, extendedTypesEnabled,
        enforceQuota, snapCount);
  }

  public ServerSettings withExtendedTypesEnabled(boolean enabled) {
    return new ServerSettings(tickTimeMs, minSessionTimeoutMs, maxSessionTimeoutMs, fourLetterWords,
        superDigest, maxClientCnxns, juteMaxBufferBytes, containerCheckIntervalMs, enabled,
        enforceQuota, snapCount);
  }

  /** Snapshots every {@code count} txns or so (both targets draw a random first point below it). */
  public ServerSettings withSnapCount(int count) {
    return new ServerSettings(tickTimeMs, minSessionTimeoutMs, maxSessionTimeoutMs, fourLetterWords,
        superDigest, maxClientCnxns, juteMaxBufferBytes, containerCheckIntervalMs, extendedTypesEnabled,
        enforceQuota, count);
  }

  /** The "user:base64(sha1(user:password))" form ZooKeeper's digest scheme stores. */
  public static String digestOf(String user, String password) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1")
          .digest((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      return user + ":" + Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
