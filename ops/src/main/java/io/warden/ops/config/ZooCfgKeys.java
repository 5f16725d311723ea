package io.warden.ops.config;

import io.warden.actors.config.FourLetterWords;
import io.warden.actors.config.Storage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every zoo.cfg key Warden knows: the ones it reads, the ZooKeeper ones it knows but does not use
 * (a warning), and the ones naming features it lacks (an error).
 *
 * <p>ZooKeeper pushes zoo.cfg keys it does not parse itself into {@code zookeeper.<key>} system
 * properties, so many settings have two spellings; both are accepted in the file. A key backed by a
 * system property is also read from that property (e.g. {@code -Dzookeeper.snapCount=...} in
 * SERVER_JVMFLAGS) when the file does not set it: the file wins, as it does in ZooKeeper.
 *
 * <p>The exception is a key ZooKeeper reads only as a system property of its own name, never from
 * zoo.cfg ({@code znode.container.*}: ZooKeeper turns the zoo.cfg line into an unused
 * {@code zookeeper.znode.container.*} property). Warden also reads the file line, but the
 * {@code -D} property, the one that works in ZooKeeper, wins over it.
 */
final class ZooCfgKeys {
    /** Parses one value into the draft; {@code spelling} is the key as written, for messages. */
    @FunctionalInterface
    interface Setter {
        void apply(Draft draft, String spelling, String value) throws ConfigException;
    }

    /**
     * One key Warden reads.
     *
     * @param name           the spelling in ZooKeeper's admin guide
     * @param systemProperty the system property ZooKeeper also reads it from, if any
     * @param setter         parses the value into the draft
     * @param propertyWins   the system property overrides the file (ZooKeeper reads only the property)
     */
    record Key(String name, Optional<String> systemProperty, Setter setter, boolean propertyWins) {
        /** The spellings accepted in the file: the name, {@code zookeeper.<name>} and the system property. */
        List<String> spellings() {
            Set<String> all = new LinkedHashSet<>();
            all.add(name);
            systemProperty.ifPresent(p -> {
                all.add("zookeeper." + name);
                all.add(p);
            });
            return List.copyOf(all);
        }
    }

    static final List<Key> KEYS = List.of(
            file("tickTime", (d, k, v) -> d.builder.tickTimeMs(Values.positiveInt(k, v))),
            file("initLimit", (d, k, v) -> d.builder.initLimit(Values.positiveInt(k, v))),
            file("syncLimit", (d, k, v) -> d.builder.syncLimit(Values.positiveInt(k, v))),
            zk("connectToLearnerMasterLimit", (d, k, v) -> d.builder.connectToLearnerMasterLimit(Values.positiveInt(k, v))),
            file("dataDir", (d, k, v) -> d.dataDir = Values.path(k, v, d.baseDir)),
            file("dataLogDir", (d, k, v) -> d.builder.dataLogDir(Values.path(k, v, d.baseDir))),
            file("clientPort", (d, k, v) -> d.clientPort = Values.port(k, v)),
            file("clientPortAddress", (d, k, v) -> d.clientPortAddress = Values.host(k, v)),
            file("clientPortListenBacklog", ZooCfgKeys::listenBacklog),
            file("maxClientCnxns", (d, k, v) -> d.builder.maxClientCnxns(Values.nonNegativeInt(k, v))),
            zk("maxCnxns", (d, k, v) -> d.builder.maxCnxns(Values.nonNegativeInt(k, v))),
            file("minSessionTimeout", (d, k, v) -> sessionTimeout(k, v).ifPresent(d.builder::minSessionTimeoutMs)),
            file("maxSessionTimeout", (d, k, v) -> sessionTimeout(k, v).ifPresent(d.builder::maxSessionTimeoutMs)),
            zk("globalOutstandingLimit", (d, k, v) -> d.builder.globalOutstandingLimit(Values.positiveInt(k, v))),
            sys("jute.maxbuffer", "jute.maxbuffer", (d, k, v) -> d.builder.juteMaxBufferBytes(Values.decodedPositiveInt(k, v))),
            zk("snapCount", ZooCfgKeys::snapCount),
            zk("snapSizeLimitInKb", (d, k, v) -> d.builder.snapSizeLimitKb(Values.anyLong(k, v))),
            zk("forceSync", (d, k, v) -> d.builder.forceSync(Values.bool(k, v))),
            zk("snapshot.trust.empty", (d, k, v) -> d.builder.trustLogBreak(Values.bool(k, v))),
            zk("commitLogCount", ZooCfgKeys::commitLogCount),
            zk("snapshotSizeFactor", ZooCfgKeys::snapshotSizeFactor),
            file("autopurge.snapRetainCount", ZooCfgKeys::snapRetainCount),
            file("autopurge.purgeInterval", (d, k, v) -> d.builder.purgeIntervalHours(Math.max(0, Values.anyInt(k, v)))),
            zk("4lw.commands.whitelist", ZooCfgKeys::fourLetterWords),
            zk("admin.enableServer", (d, k, v) -> d.adminEnableRequested = Values.bool(k, v)),
            zk("admin.serverAddress", (d, k, v) -> d.adminAddress = Values.host(k, v)),
            zk("admin.serverPort", (d, k, v) -> d.adminPort = Values.port(k, v)),
            zk("admin.idleTimeout", (d, k, v) -> d.adminIdleTimeoutMs = Values.positiveInt(k, v)),
            zk("admin.commandURL", ZooCfgKeys::commandUrl),
            zk("extendedTypesEnabled", (d, k, v) -> d.builder.extendedTypesEnabled(Values.bool(k, v))),
            zk("enforceQuota", (d, k, v) -> d.builder.enforceQuota(Values.bool(k, v))),
            file("electionAlg", ZooCfgKeys::electionAlg),
            file("peerType", ZooCfgKeys::peerType),
            file("standaloneEnabled", (d, k, v) -> d.builder.standaloneEnabled(Values.bool(k, v))),
            file("reconfigEnabled", (d, k, v) -> d.builder.reconfigEnabled(Values.bool(k, v))),
            file("quorumListenOnAllIPs", (d, k, v) -> d.builder.quorumListenOnAllIPs(Values.bool(k, v))),
            zk("leaderServes", (d, k, v) -> d.builder.leaderServes(Values.bool(k, v))),
            sys("syncEnabled", "zookeeper.observer.syncEnabled", (d, k, v) -> d.builder.observerSyncEnabled(Values.bool(k, v))),
            zk("cnxTimeout", (d, k, v) -> d.builder.cnxTimeoutMs(Values.positiveInt(k, v))),
            file("localSessionsEnabled", (d, k, v) -> d.builder.localSessionsEnabled(Values.bool(k, v))),
            file("localSessionsUpgradingEnabled", (d, k, v) -> d.builder.localSessionsUpgradingEnabled(Values.bool(k, v))),
            zk("skipACL", (d, k, v) -> d.builder.skipAcl(Values.bool(k, v))),
            zk("DigestAuthenticationProvider.superDigest", ZooCfgKeys::superDigest),
            propertyFirst("znode.container.checkIntervalMs",
                    (d, k, v) -> d.builder.containerCheckIntervalMs(Values.positiveInt(k, v))),
            propertyFirst("znode.container.maxPerMinute",
                    (d, k, v) -> d.builder.containerMaxPerMinute(Values.positiveInt(k, v))),
            // Features Warden does not have, and whose silent absence would surprise: rejected.
            file("secureClientPort", unsupported("TLS client ports are not supported by Warden")),
            file("secureClientPortAddress", unsupported("TLS client ports are not supported by Warden")),
            file("dynamicConfigFile", unsupported("dynamic config files are not supported by Warden yet; put the"
                    + " server.N lines in zoo.cfg")),
            file("observerMasterPort", unsupported("observers follow the leader in Warden; observer masters are not"
                    + " supported")),
            zk("sslQuorum", unsupportedIfTrue("TLS between servers is not supported by Warden")),
            zk("portUnification", unsupportedIfTrue("TLS between servers is not supported by Warden")),
            file("quorum.auth.enableSasl", unsupportedIfTrue("SASL between servers is not supported by Warden")),
            file("quorum.auth.learnerRequireSasl", unsupportedIfTrue("SASL between servers is not supported by Warden")),
            file("quorum.auth.serverRequireSasl", unsupportedIfTrue("SASL between servers is not supported by Warden")));

    /** Prefixes of keys naming features Warden lacks (hierarchical quorums). */
    static final List<String> UNSUPPORTED_PREFIXES = List.of("group.", "weight.");

    /** ZooKeeper settings Warden knows but has no use for: tuning of ZooKeeper's own internals. */
    static final Set<String> IGNORED = Set.of(
            "preAllocSize", "txnLogSizeLimitInKb", "fsync.warningthresholdms",
            "maxResponseCacheSize", "maxGetChildrenResponseCacheSize", "serverCnxnFactory", "watchManagerName",
            "watcherCleanThreadsNum", "watcherCleanThreshold", "watcherCleanIntervalInSeconds",
            "maxInProcessingDeadWatchers", "bitHashCacheSize", "connectionMaxTokens", "connectionTokenFillTime",
            "connectionTokenFillCount", "connectionFreezeTime", "connectionDropIncrease", "connectionDropDecrease",
            "connectionDecreaseRatio", "flushDelay", "maxWriteQueuePollTime", "maxBatchSize",
            "requestThrottleLimit", "requestThrottleStallTime", "requestThrottleDropStale",
            "requestStaleLatencyCheck", "requestStaleConnectionCheck", "advancedFlowControlEnabled",
            "enableEagerACLCheck", "maxConcurrentSnapSyncs", "maxConcurrentDiffSyncs", "digest.enabled",
            "snapshot.compression.method", "audit.enable", "audit.impl.class",
            "largeRequestMaxBytes", "largeRequestThreshold", "throttledOpWaitTime", "learner.closeSocketAsync",
            "leader.closeSocketAsync", "maxTimeToWaitForEpoch", "quorumCnxnTimeoutMs", "tcpKeepAlive",
            "clientTcpKeepAlive", "electionPortBindRetry", "observer.reconnectDelayMs", "observer.election.DelayMs",
            "jvm.pause.monitor", "jvm.pause.info-threshold.ms", "jvm.pause.warn-threshold.ms",
            "jvm.pause.sleep.time.ms", "quorum.cnxn.threads.size", "oraclePath", "emulate353TTLNodes",
            "jute.maxbuffer.extrasize", "admin.portUnification", "X509AuthenticationProvider.superUser",
            "superUser", "readonlymode.enabled", "multiAddress.enabled", "multiAddress.reachabilityCheckEnabled",
            "multiAddress.reachabilityCheckTimeoutMs", "serializeLastProcessedZxid.enabled",
            "sslQuorumReloadCertFiles", "quorum.auth.kerberos.servicePrincipal", "quorum.auth.learner.saslLoginContext",
            "quorum.auth.server.saslLoginContext", "fastleader.minNotificationInterval",
            "fastleader.maxNotificationInterval", "datadir.autocreate", "db.autocreate");
    /** Prefixes of ZooKeeper settings Warden has no use for (TLS material, metrics and auth plugins...). */
    static final List<String> IGNORED_PREFIXES = List.of(
            "ssl.", "metricsProvider.", "authProvider.", "kerberos.", "znode.container.", "messageTracker.",
            "request_throttler.", "connection_throttle_", "netty.", "nio.", "commitProcessor.");

    private static final Map<String, Key> BY_SPELLING = indexBySpelling();

    private ZooCfgKeys() {}

    static Optional<Key> bySpelling(String spelling) {
        return Optional.ofNullable(BY_SPELLING.get(spelling));
    }

    static boolean isUnsupportedPrefix(String key) {
        return UNSUPPORTED_PREFIXES.stream().anyMatch(key::startsWith);
    }

    static boolean isIgnored(String key) {
        String bare = key.startsWith("zookeeper.") ? key.substring("zookeeper.".length()) : key;
        return IGNORED.contains(bare) || IGNORED_PREFIXES.stream().anyMatch(bare::startsWith);
    }

    /** The known spelling closest to a mistyped key, if one is close enough to be a likely typo. */
    static Optional<String> suggestion(String key) {
        List<String> known = new ArrayList<>(BY_SPELLING.keySet());
        known.addAll(IGNORED);
        String lower = key.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = Levenshtein.distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance || (distance == bestDistance && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(1, Math.min(3, key.length() / 4)) ? Optional.of(best) : Optional.empty();
    }

    private static Key file(String name, Setter setter) {
        return new Key(name, Optional.empty(), setter, false);
    }

    private static Key zk(String name, Setter setter) {
        return new Key(name, Optional.of("zookeeper." + name), setter, false);
    }

    private static Key sys(String name, String systemProperty, Setter setter) {
        return new Key(name, Optional.of(systemProperty), setter, false);
    }

    /** A key ZooKeeper reads only as the system property of the same name; the property wins. */
    private static Key propertyFirst(String name, Setter setter) {
        return new Key(name, Optional.of(name), setter, true);
    }

    private static Map<String, Key> indexBySpelling() {
        Map<String, Key> index = new HashMap<>();
        for (Key key : KEYS) {
            for (String spelling : key.spellings()) {
                if (index.put(spelling, key) != null) {
                    throw new IllegalStateException("zoo.cfg key spelled twice: " + spelling);
                }
            }
        }
        return Map.copyOf(index);
    }

    private static Setter unsupported(String why) {
        return (d, k, v) -> {
            throw new ConfigException(k, why);
        };
    }

    private static Setter unsupportedIfTrue(String why) {
        return (d, k, v) -> {
            if (Values.bool(k, v)) {
                throw ConfigException.badValue(k, v, "cannot be honoured: " + why);
            }
        };
    }

    /** ZooKeeper's -1 means "derive from tickTime", like leaving the key out. */
    private static Optional<Integer> sessionTimeout(String key, String value) throws ConfigException {
        return "-1".equals(value) ? Optional.empty() : Optional.of(Values.positiveInt(key, value));
    }

    private static void listenBacklog(Draft d, String key, String value) throws ConfigException {
        int backlog = Values.anyInt(key, value);
        if (backlog < 1 && backlog != -1) {
            throw ConfigException.badValue(key, value, "is not a positive whole number (or -1 for the OS default)");
        }
        d.builder.listenBacklog(backlog);
    }

    /** ZooKeeper resets a snapCount below 2 to 2, loudly; so do we. */
    private static void snapCount(Draft d, String key, String value) throws ConfigException {
        long count = Values.anyLong(key, value);
        if (count < Storage.MIN_SNAP_COUNT) {
            d.warn(key + "=" + value + " is below " + Storage.MIN_SNAP_COUNT + "; using " + Storage.MIN_SNAP_COUNT
                    + " (as ZooKeeper does)");
            count = Storage.MIN_SNAP_COUNT;
        }
        d.builder.snapCount(count);
    }

    /** ZooKeeper raises a commitLogCount below its default 500 to 500, loudly; so do we. */
    private static void commitLogCount(Draft d, String key, String value) throws ConfigException {
        int count = Values.anyInt(key, value);
        if (count < Storage.DEFAULT_COMMIT_LOG_COUNT) {
            d.warn(key + "=" + value + " is below the recommended " + Storage.DEFAULT_COMMIT_LOG_COUNT + "; using "
                    + Storage.DEFAULT_COMMIT_LOG_COUNT + " (as ZooKeeper does)");
            count = Storage.DEFAULT_COMMIT_LOG_COUNT;
        }
        d.builder.commitLogCount(count);
    }

    /** ZooKeeper replaces a snapshotSizeFactor above 1 with its default 0.33, loudly; so do we. Negative: no log reads. */
    private static void snapshotSizeFactor(Draft d, String key, String value) throws ConfigException {
        double factor = Values.anyDouble(key, value);
        if (factor > Storage.MAX_SNAPSHOT_SIZE_FACTOR) {
            d.warn(key + "=" + value + " is above " + Storage.MAX_SNAPSHOT_SIZE_FACTOR + "; using "
                    + Storage.DEFAULT_SNAPSHOT_SIZE_FACTOR + " (as ZooKeeper does)");
            factor = Storage.DEFAULT_SNAPSHOT_SIZE_FACTOR;
        }
        d.builder.snapshotSizeFactor(factor);
    }

    /** ZooKeeper raises a snapRetainCount below 3 to 3, loudly; so do we. */
    private static void snapRetainCount(Draft d, String key, String value) throws ConfigException {
        int count = Values.anyInt(key, value);
        if (count < Storage.MIN_SNAP_RETAIN_COUNT) {
            d.warn(key + "=" + value + " is below the minimum " + Storage.MIN_SNAP_RETAIN_COUNT + "; using "
                    + Storage.MIN_SNAP_RETAIN_COUNT + " (as ZooKeeper does)");
            count = Storage.MIN_SNAP_RETAIN_COUNT;
        }
        d.builder.snapRetainCount(count);
    }

    /** Comma-separated words, or * for all; srvr is always on. Unknown words are dropped with a warning. */
    private static void fourLetterWords(Draft d, String key, String value) {
        Set<String> words = new LinkedHashSet<>();
        for (String raw : value.split(",")) {
            String word = raw.trim();
            if (word.equals("*")) {
                words.addAll(FourLetterWords.KNOWN);
            } else if (FourLetterWords.KNOWN.contains(word)) {
                words.add(word);
            } else if (!word.isEmpty()) {
                d.warn(key + ": \"" + word + "\" is not a four-letter word; ignored (known: "
                        + String.join(",", new TreeSet<>(FourLetterWords.KNOWN)) + ")");
            }
        }
        d.builder.fourLetterWords(FourLetterWords.of(words));
    }

    private static void commandUrl(Draft d, String key, String value) throws ConfigException {
        if (!value.startsWith("/") || value.chars().anyMatch(Character::isWhitespace)) {
            throw ConfigException.badValue(key, value, "is not a URL path (it must start with / and have no spaces)");
        }
        d.adminCommandUrl = value;
    }

    private static void electionAlg(Draft d, String key, String value) throws ConfigException {
        if (Values.anyInt(key, value) != 3) {
            throw ConfigException.badValue(key, value, "is not supported: only 3 (fast leader election over TCP)"
                    + " exists");
        }
    }

    private static void peerType(Draft d, String key, String value) throws ConfigException {
        d.peerTypeSpelling = key;
        d.peerTypeObserver = switch (value.toLowerCase(Locale.ROOT)) {
            case "observer" -> true;
            case "participant" -> false;
            default -> throw ConfigException.badValue(key, value, "is not a peer type (participant or observer)");
        };
    }

    private static void superDigest(Draft d, String key, String value) throws ConfigException {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new ConfigException(key, "is not of the form user:digest (the value is not shown: it is a"
                    + " credential)");
        }
        d.builder.superDigest(value);
    }
}
