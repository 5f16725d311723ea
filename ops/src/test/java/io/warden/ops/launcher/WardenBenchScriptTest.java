package io.warden.ops.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/bin/warden-bench's build, run by bash from a copy of the ops layout with a stand-in
 * {@code mvn} first on the PATH that records its arguments and fails: the script must build
 * online (a fresh machine's ~/.m2 lacks the artifacts, and an offline build then fails).
 */
@Timeout(180)
class WardenBenchScriptTest {
    private static final Path BENCH_SCRIPT = Path.of("bin", "warden-bench").toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsBash() {
        ScriptHarness.assumeBash();
    }

    @Test
    void theBuildDoesNotRunMavenOffline() throws Exception {
        Path checkout = tmp.resolve("checkout");
        Path script = checkout.resolve("ops/bin/warden-bench");
        Files.createDirectories(script.getParent());
        Files.copy(BENCH_SCRIPT, script, StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
        Path calls = tmp.resolve("mvn-calls");
        Path fakeBin = Files.createDirectories(tmp.resolve("fake-bin"));
        Path mvn = fakeBin.resolve("mvn");
        Files.writeString(mvn, "#!/usr/bin/env bash\necho \"$*\" >> '" + calls + "'\nexit 1\n");
        assertTrue(mvn.toFile().setExecutable(true));
        String path = fakeBin + File.pathSeparator + System.getenv().getOrDefault("PATH", "");

        ScriptHarness.Result result = ScriptHarness.run(tmp, script, Map.of("PATH", path), "--help");

        assertNotEquals(0, result.status(), "the stand-in build fails, so must the script: " + result.output());
        assertTrue(Files.exists(calls), "the script never ran mvn: " + result.output());
        List<String> lines = Files.readAllLines(calls);
        assertEquals(1, lines.size(), "one build: " + lines);
        List<String> args = Arrays.asList(lines.get(0).split(" "));
        assertTrue(args.contains("test-compile"), "the build compiles the test classes: " + args);
        assertFalse(args.contains("-o") || args.contains("--offline"), "the build runs Maven offline: " + args);
    }
}
