package io.warden.ops.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.persistence.replica.ReplicaSnapshot;
import io.warden.persistence.replica.ReplicaState;
import io.warden.persistence.snapstore.SnapshotDirectory;
import io.warden.persistence.snapstore.SnapshotHeader;
import io.warden.persistence.tree.DataTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real main() in its own JVM: what an operator sees when there is no server to run. */
class WardenMainForkedTest {
    @TempDir
    Path tmp;

    @Test
    void withoutAServerImplementationExitsWithTwoAndSaysSo() throws Exception {
        Path cfg = tmp.resolve("zoo.cfg");
        Files.writeString(cfg, "dataDir=data\nclientPort=2181\n");
        Process java = new ProcessBuilder(javaBin(), "-Xmx64m",
                "-Djava.system.class.loader=" + HideServerImplementations.class.getName(),
                "-cp", System.getProperty("java.class.path"), WardenMain.class.getName(), cfg.toString())
                .redirectErrorStream(true).start();
        String output = readAll(java);
        assertTrue(java.waitFor(60, TimeUnit.SECONDS), "WardenMain did not exit");
        assertEquals(WardenMain.EXIT_INVALID, java.exitValue(), output);
        assertTrue(output.contains("Error: no Warden server implementation on the classpath"), output);
        assertFalse(Files.exists(tmp.resolve("data").resolve(PidFile.NAME)));
    }

    @Test
    void aSnapshotWhoseLogIsGoneStopsStartUpWithOneLineNamingTheLogAndExitOne() throws Exception {
        // a snapshot at journal sequence number 5 beside a dataLogDir holding no log at all
        SnapshotDirectory snapshots = new SnapshotDirectory(tmp.resolve("data").resolve("snapshots"));
        snapshots.save(new SnapshotHeader("warden-replica-0", 5, 1_700_000_000_000L, SnapshotHeader.Format.STREAMED, 0,
                ReplicaSnapshot.CODEC_MANIFEST), new ReplicaSnapshot(ReplicaState.initial(DataTree.fresh()))::writeTo);
        Path cfg = tmp.resolve("zoo.cfg");
        Files.writeString(cfg, "dataDir=data\ndataLogDir=elsewhere\nclientPort=" + ScriptHarness.freePort()
                + "\nadmin.enableServer=false\n");
        Process java = new ProcessBuilder(javaBin(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                WardenMain.class.getName(), cfg.toString()).redirectErrorStream(true).start();
        String output = readAll(java);
        assertTrue(java.waitFor(60, TimeUnit.SECONDS), "WardenMain did not exit");
        assertEquals(WardenMain.EXIT_FAILED, java.exitValue(), output);
        String error = output.lines().filter(l -> l.startsWith("Error: ")).findFirst().orElseThrow(() -> new AssertionError(output));
        assertTrue(error.contains("the log in " + tmp.resolve("elsewhere").resolve("log") + " holds no entries"), error);
        assertTrue(error.contains("snapshot.trust.empty=true"), error);
        assertFalse(Files.exists(tmp.resolve("data").resolve(PidFile.NAME)), "the pid file is released");
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String readAll(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
