package io.warden.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes, real fsync, real SIGKILL: a child JVM ({@link CrashAppender}) appends and
 * reports what was acknowledged; the test kills it at seeded random points, reopens the log and
 * checks that every acknowledged record is there, in order, with the right bytes. The next round
 * reuses the directory, so recovery after recovery is exercised too.
 *
 * <p>Replay a run with {@code -Dwarden.seed=<seed printed by the failing run>}.
 */
class CrashRecoveryProcessTest {

    private static final int THREADS = 4;
    private static final long SEGMENT_BYTES = 256 * 1024;

    @TempDir
    Path dir;

    @Test
    void sigkillAtRandomPoints_losesNoAcknowledgedRecord() throws Exception {
        run(5, 30, 300);
    }

    @Test
    @Tag("soak")
    void sigkillAtRandomPoints_soak() throws Exception {
        run(60, 1, 3000);
    }

    private void run(int rounds, int minAcks, int maxAcks) throws Exception {
        long seed = Long.getLong("warden.seed", System.nanoTime());
        System.out.println("CrashRecoveryProcessTest seed=" + seed + " (replay with -Dwarden.seed=" + seed + ")");
        Random random = new Random(seed);
        Map<String, Long> acked = new HashMap<>();
        Map<String, Long> deleted = new HashMap<>();
        for (int round = 1; round <= rounds; round++) {
            int killAfter = minAcks + random.nextInt(maxAcks - minAcks + 1);
            int seen = runChildUntilKilled(killAfter, acked, deleted);
            verify(acked, deleted, "seed " + seed + " round " + round + " (killed after " + seen + " acks)");
        }
    }

    /** Starts the child, counts its acknowledgements, SIGKILLs it after {@code killAfter}. */
    private int runChildUntilKilled(int killAfter, Map<String, Long> acked, Map<String, Long> deleted)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashAppender.class.getName(),
                dir.toString(), Long.toString(SEGMENT_BYTES), Integer.toString(THREADS));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = pb.start();
        int seen = 0;
        List<String> other = new ArrayList<>();
        Set<String> startedThisRound = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (seen < killAfter && (line = in.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts[0].equals("ACK")) {
                    long seq = Long.parseLong(parts[2]);
                    Long before = acked.put(parts[1], seq);
                    // A restarted child continues after the log's highest record, which may be
                    // past the last acknowledgement the previous child managed to print.
                    boolean firstThisRound = startedThisRound.add(parts[1]);
                    assertTrue(before == null || seq == before + 1 || (firstThisRound && seq > before),
                            "child acknowledged out of order: " + line + " after " + before);
                    seen++;
                } else if (parts[0].equals("DEL")) {
                    deleted.merge(parts[1], Long.parseLong(parts[2]), Math::max);
                } else {
                    other.add(line);
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        }
        if (seen < killAfter) {
            fail("child stopped after " + seen + " acks, exit " + child.exitValue() + ", output " + other);
        }
        return seen;
    }

    private void verify(Map<String, Long> acked, Map<String, Long> deleted, String context) throws IOException {
        try (SegmentedLog log = SegmentedLog.open(LogConfig.defaults(dir).withSegmentSizeBytes(SEGMENT_BYTES))) {
            for (var e : acked.entrySet()) {
                String pid = e.getKey();
                long deletedTo = log.deletedToSequenceNr(pid);
                assertTrue(deletedTo >= deleted.getOrDefault(pid, 0L), context + ": acknowledged deletion of "
                        + pid + " to " + deleted.get(pid) + " lost, log says " + deletedTo);
                long expected = deletedTo + 1;
                List<LogRecord> records = LogFixtures.replayAll(log, pid);
                for (LogRecord r : records) {
                    assertEquals(expected, r.sequenceNr(), context + ": " + pid + " has a gap or disorder");
                    assertArrayEquals(LogFixtures.crashRecord(pid, expected).data(), r.data(),
                            context + ": wrong bytes in " + pid + "#" + expected);
                    expected++;
                }
                assertTrue(expected - 1 >= e.getValue(), context + ": " + pid + " acknowledged up to "
                        + e.getValue() + " but the log ends at " + (expected - 1));
                assertEquals(expected - 1, log.highestSequenceNr(pid), context);
            }
        }
    }
}
