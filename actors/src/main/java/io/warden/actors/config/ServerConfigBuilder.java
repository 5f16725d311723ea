package io.warden.actors.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Assembles a {@link ServerConfig} from ZooKeeper's defaults plus whatever is set. Defaults that
 * ZooKeeper derives are derived in {@link #build()}: dataLogDir from dataDir, the session timeout
 * bounds from tickTime (2x and 20x), connectToLearnerMasterLimit from initLimit. Validation
 * happens in the records, so {@code build()} throws IllegalArgumentException for a bad value.
 */
public final class ServerConfigBuilder {
    private long myid;
    private int tickTimeMs = Timing.DEFAULT_TICK_TIME_MS;
    private int initLimit = Timing.DEFAULT_INIT_LIMIT;
    private int syncLimit = Timing.DEFAULT_SYNC_LIMIT;
    private int containerCheckIntervalMs = Timing.DEFAULT_CONTAINER_CHECK_INTERVAL_MS;
    private int containerMaxPerMinute = Timing.DEFAULT_CONTAINER_MAX_PER_MINUTE;
    private Integer connectToLearnerMasterLimit;
    private Path dataDir;
    private Path dataLogDir;
    private long snapCount = Storage.DEFAULT_SNAP_COUNT;
    private long snapSizeLimitKb = Storage.DEFAULT_SNAP_SIZE_LIMIT_KB;
    private boolean forceSync = true;
    private boolean trustLogBreak;
    private int snapRetainCount = Storage.DEFAULT_SNAP_RETAIN_COUNT;
    private int purgeIntervalHours = Storage.DEFAULT_PURGE_INTERVAL_HOURS;
    private int commitLogCount = Storage.DEFAULT_COMMIT_LOG_COUNT;
    private double snapshotSizeFactor = Storage.DEFAULT_SNAPSHOT_SIZE_FACTOR;
    private Optional<String> clientPortAddress = Optional.empty();
    private int clientPort = ClientService.DEFAULT_CLIENT_PORT;
    private int maxClientCnxns = ClientService.DEFAULT_MAX_CLIENT_CNXNS;
    private int maxCnxns = ClientService.DEFAULT_MAX_CNXNS;
    private Integer minSessionTimeoutMs;
    private Integer maxSessionTimeoutMs;
    private int globalOutstandingLimit = ClientService.DEFAULT_GLOBAL_OUTSTANDING_LIMIT;
    private int juteMaxBufferBytes = ClientService.DEFAULT_JUTE_MAX_BUFFER_BYTES;
    private int listenBacklog = ClientService.DEFAULT_LISTEN_BACKLOG;
    private boolean localSessionsEnabled;
    private boolean localSessionsUpgradingEnabled;
    private final List<QuorumServer> servers = new ArrayList<>();
    private boolean standaloneEnabled = true;
    private boolean reconfigEnabled;
    private int electionAlg = Ensemble.FAST_LEADER_ELECTION;
    private boolean quorumListenOnAllIPs;
    private boolean leaderServes = true;
    private boolean observerSyncEnabled = true;
    private int cnxTimeoutMs = Ensemble.DEFAULT_CNX_TIMEOUT_MS;
    // Warden has no AdminServer yet: the default must not reserve ZooKeeper's port 8080
    private AdminServer admin = AdminServer.disabled();
    private boolean skipAcl;
    private Optional<String> superDigest = Optional.empty();
    private FourLetterWords fourLetterWords = FourLetterWords.defaults();
    private boolean extendedTypesEnabled = ServerConfig.DEFAULT_EXTENDED_TYPES_ENABLED;
    private boolean enforceQuota = ServerConfig.DEFAULT_ENFORCE_QUOTA;

    ServerConfigBuilder(Path dataDir) {
        this.dataDir = dataDir;
    }

    public ServerConfig build() {
        Path logDir = dataLogDir != null ? dataLogDir : dataDir;
        int minSession = minSessionTimeoutMs != null ? minSessionTimeoutMs
                : ClientService.MIN_SESSION_TIMEOUT_TICKS * tickTimeMs;
        int maxSession = maxSessionTimeoutMs != null ? maxSessionTimeoutMs
                : ClientService.MAX_SESSION_TIMEOUT_TICKS * tickTimeMs;
        return new ServerConfig(
                myid,
                new Timing(tickTimeMs, initLimit, syncLimit,
                        connectToLearnerMasterLimit != null ? connectToLearnerMasterLimit : initLimit,
                        containerCheckIntervalMs, containerMaxPerMinute),
                new Storage(dataDir, logDir, snapCount, snapSizeLimitKb, forceSync, snapRetainCount,
                        purgeIntervalHours, trustLogBreak, commitLogCount, snapshotSizeFactor),
                new ClientService(clientPortAddress, clientPort, maxClientCnxns, maxCnxns, minSession, maxSession,
                        globalOutstandingLimit, juteMaxBufferBytes, listenBacklog, localSessionsEnabled,
                        localSessionsUpgradingEnabled),
                new Ensemble(servers, standaloneEnabled, reconfigEnabled, electionAlg, quorumListenOnAllIPs,
                        leaderServes, observerSyncEnabled, cnxTimeoutMs),
                admin,
                new Security(skipAcl, superDigest),
                fourLetterWords,
                extendedTypesEnabled,
                enforceQuota);
    }

    public ServerConfigBuilder myid(long myid) {
        this.myid = myid;
        return this;
    }

    public ServerConfigBuilder tickTimeMs(int tickTimeMs) {
        this.tickTimeMs = tickTimeMs;
        return this;
    }

    public ServerConfigBuilder initLimit(int initLimit) {
        this.initLimit = initLimit;
        return this;
    }

    public ServerConfigBuilder syncLimit(int syncLimit) {
        this.syncLimit = syncLimit;
        return this;
    }

    public ServerConfigBuilder connectToLearnerMasterLimit(int ticks) {
        this.connectToLearnerMasterLimit = ticks;
        return this;
    }

    public ServerConfigBuilder containerCheckIntervalMs(int ms) {
        this.containerCheckIntervalMs = ms;
        return this;
    }

    public ServerConfigBuilder containerMaxPerMinute(int perMinute) {
        this.containerMaxPerMinute = perMinute;
        return this;
    }

    public ServerConfigBuilder dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    public ServerConfigBuilder dataLogDir(Path dataLogDir) {
        this.dataLogDir = dataLogDir;
        return this;
    }

    public ServerConfigBuilder snapCount(long snapCount) {
        this.snapCount = snapCount;
        return this;
    }

    public ServerConfigBuilder snapSizeLimitKb(long snapSizeLimitKb) {
        this.snapSizeLimitKb = snapSizeLimitKb;
        return this;
    }

    public ServerConfigBuilder forceSync(boolean forceSync) {
        this.forceSync = forceSync;
        return this;
    }

    /** ZooKeeper's {@code snapshot.trust.empty}: see {@link Storage#trustLogBreak()}. */
    public ServerConfigBuilder trustLogBreak(boolean trustLogBreak) {
        this.trustLogBreak = trustLogBreak;
        return this;
    }

    public ServerConfigBuilder snapRetainCount(int snapRetainCount) {
        this.snapRetainCount = snapRetainCount;
        return this;
    }

    public ServerConfigBuilder purgeIntervalHours(int purgeIntervalHours) {
        this.purgeIntervalHours = purgeIntervalHours;
        return this;
    }

    /** ZooKeeper's {@code zookeeper.commitLogCount}: see {@link Storage#commitLogCount()}. */
    public ServerConfigBuilder commitLogCount(int commitLogCount) {
        this.commitLogCount = commitLogCount;
        return this;
    }

    /** ZooKeeper's {@code zookeeper.snapshotSizeFactor}: see {@link Storage#snapshotSizeFactor()}. */
    public ServerConfigBuilder snapshotSizeFactor(double snapshotSizeFactor) {
        this.snapshotSizeFactor = snapshotSizeFactor;
        return this;
    }

    public ServerConfigBuilder clientPortAddress(String address) {
        this.clientPortAddress = Optional.ofNullable(address);
        return this;
    }

    public ServerConfigBuilder clientPort(int clientPort) {
        this.clientPort = clientPort;
        return this;
    }

    public ServerConfigBuilder maxClientCnxns(int maxClientCnxns) {
        this.maxClientCnxns = maxClientCnxns;
        return this;
    }

    public ServerConfigBuilder maxCnxns(int maxCnxns) {
        this.maxCnxns = maxCnxns;
        return this;
    }

    public ServerConfigBuilder minSessionTimeoutMs(int ms) {
        this.minSessionTimeoutMs = ms;
        return this;
    }

    public ServerConfigBuilder maxSessionTimeoutMs(int ms) {
        this.maxSessionTimeoutMs = ms;
        return this;
    }

    public ServerConfigBuilder globalOutstandingLimit(int limit) {
        this.globalOutstandingLimit = limit;
        return this;
    }

    public ServerConfigBuilder juteMaxBufferBytes(int bytes) {
        this.juteMaxBufferBytes = bytes;
        return this;
    }

    public ServerConfigBuilder listenBacklog(int backlog) {
        this.listenBacklog = backlog;
        return this;
    }

    public ServerConfigBuilder localSessionsEnabled(boolean enabled) {
        this.localSessionsEnabled = enabled;
        return this;
    }

    public ServerConfigBuilder localSessionsUpgradingEnabled(boolean enabled) {
        this.localSessionsUpgradingEnabled = enabled;
        return this;
    }

    public ServerConfigBuilder server(QuorumServer server) {
        this.servers.add(server);
        return this;
    }

    public ServerConfigBuilder servers(List<QuorumServer> servers) {
        this.servers.clear();
        this.servers.addAll(servers);
        return this;
    }

    public ServerConfigBuilder standaloneEnabled(boolean enabled) {
        this.standaloneEnabled = enabled;
        return this;
    }

    public ServerConfigBuilder reconfigEnabled(boolean enabled) {
        this.reconfigEnabled = enabled;
        return this;
    }

    public ServerConfigBuilder electionAlg(int electionAlg) {
        this.electionAlg = electionAlg;
        return this;
    }

    public ServerConfigBuilder quorumListenOnAllIPs(boolean enabled) {
        this.quorumListenOnAllIPs = enabled;
        return this;
    }

    public ServerConfigBuilder leaderServes(boolean leaderServes) {
        this.leaderServes = leaderServes;
        return this;
    }

    public ServerConfigBuilder observerSyncEnabled(boolean enabled) {
        this.observerSyncEnabled = enabled;
        return this;
    }

    public ServerConfigBuilder cnxTimeoutMs(int ms) {
        this.cnxTimeoutMs = ms;
        return this;
    }

    public ServerConfigBuilder admin(AdminServer admin) {
        this.admin = admin;
        return this;
    }

    public ServerConfigBuilder skipAcl(boolean skipAcl) {
        this.skipAcl = skipAcl;
        return this;
    }

    public ServerConfigBuilder superDigest(String digest) {
        this.superDigest = Optional.ofNullable(digest);
        return this;
    }

    public ServerConfigBuilder fourLetterWords(FourLetterWords words) {
        this.fourLetterWords = words;
        return this;
    }

    public ServerConfigBuilder extendedTypesEnabled(boolean enabled) {
        this.extendedTypesEnabled = enabled;
        return this;
    }

    /** ZooKeeper's {@code enforceQuota}: hard quotas make writes past them fail. */
    public ServerConfigBuilder enforceQuota(boolean enforce) {
        this.enforceQuota = enforce;
        return this;
    }
}
