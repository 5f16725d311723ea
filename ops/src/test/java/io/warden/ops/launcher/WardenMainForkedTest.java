package io.warden.ops.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String readAll(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
