package io.warden.ops.launcher;

import io.warden.actors.config.ServerConfig;
import io.warden.actors.server.WardenNode;
import io.warden.actors.server.WardenNodeFactory;
import io.warden.ops.config.ConfigException;
import io.warden.persistence.fs.DurableDirectories;
import io.warden.ops.config.ParsedConfig;
import io.warden.ops.config.ZooCfgParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code WardenMain [path/to/zoo.cfg]}: runs one Warden server until it stops or the process gets
 * SIGTERM. Without an argument the config is {@value #DEFAULT_CONFIG}, relative to the working
 * directory (the repository root, where the README's commands run).
 *
 * <p>Fatal start-up errors go both to the log and, as one line, to stderr: with the file logging
 * of {@code warden-server start} the log may be somewhere the operator is not looking.
 */
public final class WardenMain {
    public static final String DEFAULT_CONFIG = "ops/conf/zoo.cfg";
    /** Names the factory class to use when several are on the classpath (e.g. a test double). */
    public static final String FACTORY_PROPERTY = "warden.node.factory";
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_INVALID = 2;
    /** How long the shutdown hook waits for the node to finish closing before the JVM goes anyway. */
    static final long SHUTDOWN_WAIT_SECONDS = 30;

    private static final Logger log = LoggerFactory.getLogger(WardenMain.class);

    private final Map<String, String> systemProperties;
    private final Supplier<List<WardenNodeFactory>> factories;
    private final PrintStream err;

    WardenMain(Map<String, String> systemProperties, Supplier<List<WardenNodeFactory>> factories, PrintStream err) {
        this.systemProperties = systemProperties;
        this.factories = factories;
        this.err = err;
    }

    public static void main(String[] args) {
        Map<String, String> props = new HashMap<>();
        System.getProperties().forEach((k, v) -> props.put(k.toString(), v.toString()));
        // The thread's context loader, as ServiceLoader.load(Class) does: tests can hide implementations.
        Supplier<List<WardenNodeFactory>> discovered = () -> ServiceLoader.load(WardenNodeFactory.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        System.exit(new WardenMain(props, discovered, System.err).run(args));
    }

    /** Runs the server to its end; returns the exit status. */
    int run(String[] args) {
        if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
            return fail(EXIT_INVALID, "usage: WardenMain [path/to/zoo.cfg]");
        }
        Path configFile = Path.of(args.length == 1 ? args[0] : DEFAULT_CONFIG);
        ParsedConfig parsed;
        try {
            parsed = ZooCfgParser.parse(configFile, systemProperties);
        } catch (ConfigException e) {
            return fail(EXIT_INVALID, "invalid configuration " + configFile.toAbsolutePath().normalize() + ": "
                    + e.getMessage());
        }
        log.info("Reading configuration from {}", parsed.configFile());
        parsed.warnings().forEach(w -> log.warn("{}: {}", parsed.configFile().getFileName(), w));
        String portInUse = quorumPortInUse(parsed.config());
        if (portInUse != null) {
            return fail(EXIT_INVALID, portInUse);
        }
        WardenNodeFactory factory;
        try {
            List<WardenNodeFactory> found = factories.get();
            String wanted = systemProperties.get(FACTORY_PROPERTY);
            if (wanted != null) {
                found = found.stream().filter(f -> f.getClass().getName().equals(wanted)).toList();
            }
            if (found.isEmpty()) {
                return fail(EXIT_INVALID, "no Warden server implementation on the classpath (no "
                        + WardenNodeFactory.class.getName() + " service registered"
                        + (wanted == null ? "" : " named " + wanted + " by -D" + FACTORY_PROPERTY) + ")");
            }
            if (found.size() > 1) {
                return fail(EXIT_INVALID, "several Warden server implementations on the classpath: "
                        + found.stream().map(f -> f.getClass().getName()).toList() + "; choose one with -D"
                        + FACTORY_PROPERTY + "=<class>");
            }
            factory = found.get(0);
        } catch (ServiceConfigurationError e) {
            return fail(EXIT_INVALID, "cannot load the Warden server implementation: " + e.getMessage());
        }
        return runNode(factory, parsed.config());
    }

    /**
     * An ensemble member binds its quorum port for the peers (ADR 0016); one already taken is a
     * configuration error (two members on one host with the same port, or a stale process), said
     * in one line before anything starts. Null when the port is free or the server is standalone.
     */
    static String quorumPortInUse(ServerConfig config) {
        if (config.isStandalone()) {
            return null;
        }
        var me = config.ensemble().server(config.myid()).orElseThrow();
        String host = config.ensemble().quorumListenOnAllIPs() ? "0.0.0.0" : me.host();
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress(host, me.quorumPort()));
            return null;
        } catch (IOException e) {
            return "server." + config.myid() + "'s quorum port " + host + ":" + me.quorumPort()
                    + " cannot be bound (" + e.getMessage() + "): another process holds it, or the address is not"
                    + " this machine's";
        }
    }

    private int runNode(WardenNodeFactory factory, ServerConfig config) {
        PidFile pidFile;
        try {
            // durable before the node writes the secret, snapshots and segments inside them
            DurableDirectories.create(config.dataDir());
            DurableDirectories.create(config.dataLogDir());
            pidFile = PidFile.claim(config.dataDir(), ProcessHandle.current().pid());
        } catch (IOException e) {
            return fail(EXIT_FAILED, "cannot prepare " + config.dataDir() + ": " + e);
        } catch (PidFile.AlreadyRunningException e) {
            return fail(EXIT_FAILED, e.getMessage());
        }
        WardenNode node;
        try {
            log.info("Starting Warden server {} ({}), clientPort {}, dataDir {}", config.myid(),
                    config.isStandalone() ? "standalone" : config.ensemble().servers().size() + " servers",
                    config.clientPort(), config.dataDir());
            node = factory.start(config);
        } catch (RuntimeException e) {
            pidFile.release();
            log.error("Warden server failed to start", e);
            return fail(EXIT_FAILED, "the server failed to start: " + e);
        }
        log.info("Warden server started, mode: {}", node.mode());
        Thread hook = new Thread(() -> stop(node, pidFile), "warden-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int status = awaitTermination(node);
        pidFile.release();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutdown already under way (SIGTERM): the hook is doing the same work.
        }
        return status;
    }

    private int awaitTermination(WardenNode node) {
        try {
            node.whenTerminated().toCompletableFuture().join();
            log.info("Warden server stopped");
            return EXIT_OK;
        } catch (CompletionException e) {
            log.error("Warden server stopped by a failure", e.getCause());
            err.println("Error: the server stopped by a failure: " + e.getCause());
            return EXIT_FAILED;
        }
    }

    /** The shutdown hook: SIGTERM (warden-server stop) or System.exit. */
    private static void stop(WardenNode node, PidFile pidFile) {
        log.info("Shutting down Warden server");
        try {
            node.close();
            node.whenTerminated().toCompletableFuture().get(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("Warden server failed while stopping", e.getCause());
        } catch (TimeoutException e) {
            log.warn("Warden server did not stop within {} s; exiting anyway", SHUTDOWN_WAIT_SECONDS);
        } catch (RuntimeException e) {
            log.warn("Warden server failed while stopping", e);
        } finally {
            pidFile.release();
        }
    }

    private int fail(int status, String message) {
        log.error(message);
        err.println("Error: " + message);
        return status;
    }
}
