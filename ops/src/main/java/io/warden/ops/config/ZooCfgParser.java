package io.warden.ops.config;

import io.warden.actors.config.ClientService;
import io.warden.actors.config.HostPort;
import io.warden.actors.config.QuorumServer;
import io.warden.actors.config.ServerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Parses {@code zoo.cfg} and {@code myid} into a {@link ServerConfig}, the way ZooKeeper 3.9 reads
 * them, with these deliberate differences:
 * <ul>
 *   <li>A relative {@code dataDir} or {@code dataLogDir} is resolved against the directory of the
 *       config file, not the working directory: the same file then means the same directories
 *       whichever directory the server is started from (the sample {@code ops/conf/zoo.cfg} relies
 *       on it).</li>
 *   <li>{@code tickTime} and {@code clientPort} default to 2000 and 2181 instead of being required.</li>
 *   <li>Values are trimmed and checked strictly: a boolean must be true/false/yes/no, a port
 *       1-65535; ZooKeeper quietly reads many bad values as defaults.</li>
 *   <li>The file is read as UTF-8 (ZooKeeper reads ISO-8859-1); the two agree on ASCII files.</li>
 * </ul>
 * With {@code server.N} lines, {@code dataDir/myid} must hold this server's id (a decimal number,
 * surrounding whitespace allowed) and match one of them. Without them the server is standalone,
 * its myid is 0 and no myid file is read.
 */
public final class ZooCfgParser {
    public static final String MYID_FILE = "myid";

    private ZooCfgParser() {}

    /** Parses without system properties: only the file counts. */
    public static ParsedConfig parse(Path configFile) throws ConfigException {
        return parse(configFile, Map.of());
    }

    /**
     * Parses the file; a key that ZooKeeper also reads as a system property (see {@link ZooCfgKeys})
     * and that the file leaves out is taken from {@code systemProperties}; for the few keys ZooKeeper
     * reads only as a property ({@code znode.container.*}), the property wins over the file.
     */
    public static ParsedConfig parse(Path configFile, Map<String, String> systemProperties) throws ConfigException {
        Path file = configFile.toAbsolutePath().normalize();
        List<String> warnings = new ArrayList<>();
        Map<String, String> entries = load(file, warnings);
        Draft draft = new Draft(file.getParent(), warnings);
        List<QuorumServer> servers = new ArrayList<>();
        Map<ZooCfgKeys.Key, String[]> chosen = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            classify(e.getKey(), e.getValue(), chosen, servers, draft);
        }
        for (ZooCfgKeys.Key key : ZooCfgKeys.KEYS) {
            Optional<String> property = key.systemProperty();
            boolean fileSetsIt = chosen.containsKey(key) && !key.propertyWins();
            if (!fileSetsIt && property.isPresent() && systemProperties.containsKey(property.get())) {
                chosen.put(key, new String[] {"-D" + property.get(), systemProperties.get(property.get()).trim()});
            }
        }
        for (Map.Entry<ZooCfgKeys.Key, String[]> e : chosen.entrySet()) {
            e.getKey().setter().apply(draft, e.getValue()[0], e.getValue()[1]);
        }
        return new ParsedConfig(file, finish(draft, servers), warnings);
    }

    /** Sorts one entry: a server line, a key Warden reads, one it ignores, or one it does not know. */
    private static void classify(String key, String value, Map<ZooCfgKeys.Key, String[]> chosen,
                                 List<QuorumServer> servers, Draft draft) throws ConfigException {
        if (ServerLines.isServerKey(key)) {
            servers.add(ServerLines.parse(key, value));
            return;
        }
        Optional<ZooCfgKeys.Key> known = ZooCfgKeys.bySpelling(key);
        if (known.isPresent()) {
            String[] previous = chosen.putIfAbsent(known.get(), new String[] {key, value});
            if (previous != null && !previous[1].equals(value)) {
                throw ConfigException.badValue(key, value, "contradicts " + previous[0] + "=" + previous[1]
                        + " (the same setting, spelled two ways)");
            }
        } else if (ZooCfgKeys.isUnsupportedPrefix(key)) {
            throw new ConfigException(key, "hierarchical quorums (group.N, weight.N) are not supported by Warden");
        } else if (ZooCfgKeys.isIgnored(key)) {
            draft.warn(key + " is a ZooKeeper setting that Warden does not use; ignored");
        } else {
            draft.warn("unknown key " + key + "; ignored" + ZooCfgKeys.suggestion(key)
                    .map(s -> " (did you mean " + s + "?)").orElse(""));
        }
    }

    private static ServerConfig finish(Draft draft, List<QuorumServer> servers) throws ConfigException {
        if (draft.dataDir == null) {
            throw new ConfigException("dataDir", "is not set: every server needs a directory for its data");
        }
        draft.builder.dataDir(draft.dataDir).servers(servers).admin(draft.admin());
        if (draft.adminEnableRequested) {
            draft.warn("admin.enableServer=true: Warden has no AdminServer (HTTP) yet, so none is started and"
                    + " admin.serverPort is not bound; the four-letter words on clientPort answer the same commands");
        }
        long myid = servers.isEmpty() ? 0 : readMyid(draft.dataDir, servers);
        draft.builder.myid(myid);
        Optional<QuorumServer> self = servers.stream().filter(s -> s.sid() == myid).findFirst();
        clientAddress(draft, self);
        peerType(draft, self);
        ServerConfig config;
        try {
            self.ifPresent(s -> draft.builder.servers(withOwnClientAddress(servers, s, draft)));
            config = draft.builder.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(null, e.getMessage(), e);
        }
        ensembleSizeWarnings(draft, config);
        return config;
    }

    /** clientPort/clientPortAddress, or else the client address on this server's own line, or else 2181. */
    private static void clientAddress(Draft draft, Optional<QuorumServer> self) {
        Optional<HostPort> line = self.flatMap(QuorumServer::clientAddress);
        if (draft.clientPort == null && draft.clientPortAddress == null && line.isPresent()) {
            draft.builder.clientPort(line.get().port());
            if (!line.get().host().equals(ClientService.WILDCARD_ADDRESS)) {
                draft.builder.clientPortAddress(line.get().host());
            }
            return;
        }
        draft.builder.clientPort(draft.clientPort != null ? draft.clientPort : ClientService.DEFAULT_CLIENT_PORT);
        draft.builder.clientPortAddress(draft.clientPortAddress);
    }

    /**
     * Like ZooKeeper, a member knows its own client address even when its line leaves it out: it is
     * part of the membership it reports (the {@code conf} word, the config znode).
     */
    private static List<QuorumServer> withOwnClientAddress(List<QuorumServer> servers, QuorumServer self, Draft draft) {
        if (self.clientAddress().isPresent()) {
            return servers;
        }
        HostPort own = new HostPort(draft.clientPortAddress != null ? draft.clientPortAddress
                : ClientService.WILDCARD_ADDRESS, draft.clientPort != null ? draft.clientPort
                : ClientService.DEFAULT_CLIENT_PORT);
        return servers.stream().map(s -> s != self ? s : new QuorumServer(s.sid(), s.host(), s.quorumPort(),
                s.electionPort(), s.observer(), Optional.of(own))).toList();
    }

    /** ZooKeeper trusts the server list over peerType, and says so. */
    private static void peerType(Draft draft, Optional<QuorumServer> self) {
        if (draft.peerTypeObserver == null) {
            return;
        }
        String written = draft.peerTypeObserver ? "observer" : "participant";
        if (self.isEmpty()) {
            draft.warn(draft.peerTypeSpelling + "=" + written + " has no effect without server.N lines");
        } else if (self.get().observer() != draft.peerTypeObserver) {
            draft.warn(draft.peerTypeSpelling + "=" + written + " contradicts server." + self.get().sid()
                    + ", which makes it " + (self.get().observer() ? "an observer" : "a participant")
                    + "; the server.N line wins");
        }
    }

    private static void ensembleSizeWarnings(Draft draft, ServerConfig config) {
        int participants = config.ensemble().participants().size();
        if (config.isStandalone() || participants < 2) {
            return;
        }
        if (participants == 2) {
            draft.warn("2 participants: losing either stops the ensemble; use at least 3 to tolerate a failure");
        } else if (participants % 2 == 0) {
            draft.warn(participants + " participants: an even number tolerates no more failures than "
                    + (participants - 1) + "; consider an odd number");
        }
    }

    /** The myid file: one decimal server id, whitespace around it allowed. */
    static long readMyid(Path dataDir, List<QuorumServer> servers) throws ConfigException {
        Path file = dataDir.resolve(MYID_FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new ConfigException(MYID_FILE, "file " + file + " is missing; with server.N lines each server"
                    + " needs one holding its id N");
        } catch (IOException e) {
            throw new ConfigException(MYID_FILE, "cannot read " + file + ": " + e, e);
        }
        long myid;
        try {
            myid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(MYID_FILE, "\"" + abbreviate(text) + "\" in " + file
                    + " is not a server id (a whole number)");
        }
        if (myid < 0) {
            throw new ConfigException(MYID_FILE, "\"" + text + "\" in " + file + " is not a server id (negative)");
        }
        if (servers.stream().noneMatch(s -> s.sid() == myid)) {
            throw new ConfigException(MYID_FILE, myid + " (from " + file + ") matches no server.N line (server ids: "
                    + servers.stream().map(s -> String.valueOf(s.sid())).sorted().toList() + ")");
        }
        return myid;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** The entries in file order, values trimmed (as ZooKeeper trims them); repeated keys warned about. */
    private static Map<String, String> load(Path file, List<String> warnings) throws ConfigException {
        OrderedProperties properties = new OrderedProperties(warnings);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException(null, "config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(null, "cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return properties.entries;
    }

    /** Properties that remember the order keys came in and notice a key given twice. */
    private static final class OrderedProperties extends Properties {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, String> entries = new LinkedHashMap<>();
        private final transient List<String> warnings;

        OrderedProperties(List<String> warnings) {
            this.warnings = warnings;
        }

        @Override
        public synchronized Object put(Object key, Object value) {
            String k = key.toString();
            String v = value.toString().trim();
            String previous = entries.put(k, v);
            if (previous != null && !previous.equals(v)) {
                warnings.add(k + " is set twice (" + previous + ", then " + v + "); the last one counts");
            }
            return super.put(key, value);
        }
    }
}
