package io.warden.ops.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's LogDump command, exactly as written, on the directories a real node leaves:
 * {@code ops/bin/warden-server} runs a node on a zoo.cfg like the shipped one ({@code
 * dataDir=../data}, no dataLogDir, no myid: standalone), the stock ZooKeeper client writes
 * znodes, the node is stopped, and then {@code java -cp 'ops/target/lib/*'
 * io.warden.persistence.dump.LogDump ops/data ops/data} runs as its own process from the layout's
 * root. The jars of {@code ops/target/lib} exist only after {@code package}, so the test fills a
 * copy of that folder from its own classpath (module class folders packed as jars), and the
 * wildcard classpath is the one the README gives.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LogDumpReadmeTest {
    private static final int ZNODES = 30;

    @TempDir
    Path tmp;
    private ScriptedNode node;

    @BeforeAll
    static void needsBash() {
        ScriptHarness.assumeBash();
    }

    @AfterEach
    void killWhatWeStarted() {
        if (node != null) {
            node.kill();
        }
    }

    @Test
    void theReadmesLogDumpCommandPrintsTheTxnsAndSnapshotHeadersOfARealNodesDirectories() throws Exception {
        node = ScriptedNode.layOut(tmp, "ops/conf");
        node.writeConfig("tickTime=2000", "dataDir=../data", "clientPort=" + node.port(),
                // a snapshot or two within the 32 txns, too few for retention to prune any of them from the log
                "snapCount=20", "admin.enableServer=false");

        node.start("-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + node.port(), 30_000, event -> { });
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> zk.getState().isConnected());
            for (int i = 0; i < ZNODES; i++) {
                zk.create("/dump" + i, ("v" + i).getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT);
            }
        } finally {
            zk.close();
        }
        ScriptHarness.Result stop = node.script("stop");
        assertEquals(0, stop.status(), stop.output());
        node.forget();
        assertFalse(Files.exists(tmp.resolve("ops/data/myid")), "a standalone node has no myid file");

        fillLib(tmp.resolve("ops/target/lib"));
        Result dump = java(tmp, "-cp", "ops/target/lib/*", "io.warden.persistence.dump.LogDump", "ops/data", "ops/data");
        String out = dump.output();
        assertEquals(0, dump.status(), out);
        assertTrue(out.contains("Warden replica log warden-replica-0 in ops/data/log: 1 segment(s), sequence numbers 1.."),
                out);
        for (int i = 0; i < ZNODES; i++) {
            assertTrue(out.contains("create path=/dump" + i + " data=2B:'v" + i + "'")
                    || out.contains("create path=/dump" + i + " data=3B:'v" + i + "'"), "txn of /dump" + i + ":\n" + out);
        }
        assertTrue(out.matches("(?s).*\\d+ snapshot\\(s\\) of warden-replica-0 in ops/data/snapshots.*"), out);
        assertTrue(out.matches("(?s).*snapshot-\\S+\\.snap seqNr \\d+ \\S+ \\d+ bytes: zxid 0x[0-9a-f]+ committed.*"), out);

        Result neither = java(tmp, "-cp", "ops/target/lib/*", "io.warden.persistence.dump.LogDump", "ops/conf");
        assertEquals(1, neither.status(), neither.output());
        assertTrue(neither.output().contains("ops/conf is neither a node's dataLogDir"), neither.output());
    }

    record Result(int status, String output) {
    }

    private static Result java(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(workDir.toFile());
        pb.environment().remove("CLASSPATH");
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "LogDump did not finish: " + output);
        return new Result(p.exitValue(), output);
    }

    /** ops/target/lib as package makes it: every runtime jar, the modules' class folders packed as jars. */
    private static void fillLib(Path lib) throws IOException {
        Files.createDirectories(lib);
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.contains("test-classes") || !Files.exists(p)) {
                continue;
            }
            Path target = lib.resolve(String.format("%03d-%s", n++, p.getFileName().toString()
                    + (Files.isDirectory(p) ? ".jar" : "")));
            if (Files.isDirectory(p)) {
                packJar(p, target);
            } else {
                Files.copy(p, target);
            }
        }
    }

    private static void packJar(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
    }
}
