package io.warden.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load generator's plumbing: options, /proc parsing, result JSON, the table. */
class BenchPartsTest {

    @Test
    void optionsHaveTheDocumentedDefaults() {
        LoadOptions o = LoadOptions.parse(new String[0]);
        assertEquals(32, o.sessions());
        assertEquals(16, o.outstanding());
        assertEquals(Workload.GET_DATA, o.workload());
        assertEquals(1024, o.sizeBytes());
        assertEquals(Duration.ofSeconds(30), o.duration());
        assertEquals(Duration.ofSeconds(10), o.warmup());
        assertTrue(o.serverPid().isEmpty());
    }

    @Test
    void optionsParseBothSpellingsAndDurations() {
        LoadOptions o = LoadOptions.parse(new String[] {"--op=setData", "--duration", "1500ms", "--warmup=2m",
            "--server-pid", "42", "--json"});
        assertEquals(Workload.SET_DATA, o.workload());
        assertEquals(Duration.ofMillis(1500), o.duration());
        assertEquals(Duration.ofMinutes(2), o.warmup());
        assertEquals(42, o.serverPid().getAsLong());
        assertTrue(o.json());
    }

    @Test
    void badOptionsAreRejectedWithTheirName() {
        assertMessageContains("--sessions", () -> LoadOptions.parse(new String[] {"--sessions", "0"}));
        assertMessageContains("unknown option --sesions", () -> LoadOptions.parse(new String[] {"--sesions", "3"}));
        assertMessageContains("unknown op 'get'", () -> LoadOptions.parse(new String[] {"--op", "get"}));
        assertMessageContains("--duration", () -> LoadOptions.parse(new String[] {"--duration", "soon"}));
        assertMessageContains("needs a value", () -> LoadOptions.parse(new String[] {"--size"}));
        assertMessageContains("given twice", () -> LoadOptions.parse(new String[] {"--size", "1", "--size", "2"}));
    }

    @Test
    void onlyLoopbackHostsAreLoadedUnlessAllowed() {
        LoadOptions.parse(new String[] {"--connect", "localhost:2181,127.0.0.1:2182,[::1]:2183/chroot"})
                .checkLoopback();
        assertMessageContains("refusing non-loopback host '10.1.2.3'",
                () -> LoadOptions.parse(new String[] {"--connect", "127.0.0.1:2181,10.1.2.3:2181"}).checkLoopback());
        LoadOptions.parse(new String[] {"--connect", "10.1.2.3:2181", "--allow-remote"}).checkLoopback();
    }

    @Test
    void sideBySideDefaultsToZooKeeperGetDataThenSetData() {
        SideBySideOptions o = SideBySideOptions.parse(new String[0]);
        assertEquals(List.of(Target.ZOOKEEPER), o.targets());
        assertEquals(List.of(Workload.GET_DATA, Workload.SET_DATA), o.workloads());
        assertEquals(List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC"), o.serverJvmOptions());
        assertEquals(List.of("--sessions", "32", "--outstanding", "16", "--size", "1024", "--duration", "20000ms",
            "--warmup", "10000ms", "--znodes", "16"), o.loadArguments());
        SideBySideOptions both = SideBySideOptions.parse(new String[] {"--targets", "zookeeper, warden"});
        assertEquals(List.of(Target.ZOOKEEPER, Target.WARDEN), both.targets());
        assertMessageContains("listed twice", () -> SideBySideOptions.parse(new String[] {"--ops", "mixed,mixed"}));
        assertMessageContains("unknown target 'etcd'", () -> SideBySideOptions.parse(new String[] {"--targets", "etcd"}));
    }

    @Test
    void procStatFieldsAreCountedAfterTheCommand() {
        // comm may contain spaces and parentheses; utime=1200, stime=34.
        String line = "4242 (java (bench) x) S 1 4242 4242 0 -1 4194560 9000 0 3 0 1200 34 0 0 20 0 40 0 100 "
                + "6000000000 50000 18446744073709551615 1 1 0 0 0 0 0 4096 17923 0 0 0 17 1 0 0 0 0 0";
        assertEquals(1234, ProcessCpu.userPlusSystemTicks(line));
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.userPlusSystemTicks("garbage"));
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.userPlusSystemTicks("1 (x) S 1 2"));
    }

    @Test
    void thisProcessHasMeasurableCpuAndAMissingOneHasNone() {
        ProcessCpu cpu = new ProcessCpu(ProcessCpu.DEFAULT_CLOCK_TICKS_PER_SECOND);
        assertTrue(cpu.processNanos(ProcessHandle.current().pid()).orElseThrow() >= 0);
        assertTrue(ProcessCpu.selfNanos() > 0);
        assertTrue(cpu.processNanos(Long.MAX_VALUE).isEmpty());
    }

    @Test
    void resultsSurviveTheJsonLineIncludingUnknownCpu() {
        LoadResult r = sample("setData", 1000.0, Double.NaN);
        String json = r.toJson();
        assertTrue(json.contains("\"serverCpuUsPerOp\":null"), json);
        LoadResult back = LoadResult.fromJson(json);
        assertEquals(r.ops(), back.ops());
        assertEquals(r.errorCodes(), back.errorCodes());
        assertEquals(r.p99Us(), back.p99Us());
        assertTrue(Double.isNaN(back.serverCpuUsPerOp()));
        assertThrows(IllegalArgumentException.class, () -> LoadResult.fromJson("{\"op\":\"x\"} trailing"));
        assertThrows(IllegalArgumentException.class, () -> LoadResult.fromJson("{\"op\":\"x\"}"));
    }

    @Test
    void tableShowsTheRatioWhenBothTargetsRanAndOneLinePerFailure() {
        String table = ResultTable.render(List.of(
                new ResultTable.Outcome.Measured(Target.ZOOKEEPER, Workload.GET_DATA, sample("getData", 1000, 50)),
                new ResultTable.Outcome.Measured(Target.WARDEN, Workload.GET_DATA, sample("getData", 800, 100)),
                new ResultTable.Outcome.Failed(Target.WARDEN, Workload.SET_DATA, "not started: no launcher"),
                new ResultTable.Outcome.Failed(Target.WARDEN, Workload.CREATE, "not started: no launcher")));
        List<String> lines = table.lines().toList();
        assertEquals(5, lines.size(), table);
        assertTrue(lines.get(0).startsWith("target"), table);
        assertTrue(lines.get(3).startsWith("warden/zk  getData") && lines.get(3).contains("0.80x")
                && lines.get(3).contains("2.00x"), table);
        assertEquals("FAILED setData,create on warden: not started: no launcher", lines.get(4));
    }

    private static LoadResult sample(String op, double opsPerSec, double serverCpu) {
        return new LoadResult(op, 32, 16, 1024, 20.0, (long) (opsPerSec * 20), 1, "CONNECTIONLOSS=1", 0,
                opsPerSec, 900.5, 800.0, 2000.0, 3000.0, 4000.0, 30.0, serverCpu);
    }

    private static void assertMessageContains(String expected, Runnable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
