package io.warden.persistence.journal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The victim of {@link CrashRecoveryProcessTest}: appends records from several threads until it
 * is killed, printing {@code ACK pid seq} once an append is durable and {@code DEL pid to} once
 * a deletion is. Records are {@link LogFixtures#crashRecord}, so the test can check content.
 *
 * <p>Usage: {@code CrashAppender <dir> <segmentSizeBytes> <threads>}
 */
public final class CrashAppender {

    private CrashAppender() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long segmentSize = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        SegmentedLog log = SegmentedLog.open(LogConfig.defaults(dir).withSegmentSizeBytes(segmentSize));
        out.println("OPEN");
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String pid = "entity-" + t;
            Thread w = new Thread(() -> appendForever(log, pid, out), "appender-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
    }

    private static void appendForever(SegmentedLog log, String pid, PrintStream out) {
        try {
            appendLoop(log, pid, out);
        } catch (Throwable t) {
            t.printStackTrace();
            out.println("FAIL " + t);
            System.exit(2);
        }
    }

    private static void appendLoop(SegmentedLog log, String pid, PrintStream out) {
        long seq = log.highestSequenceNr(pid);
        while (true) {
            seq++;
            log.append(LogFixtures.crashRecord(pid, seq)).join();
            synchronized (out) {
                out.println("ACK " + pid + " " + seq);
            }
            if (seq % 97 == 0) {
                long to = log.deleteTo(pid, Math.max(0, seq - 150)).join();
                synchronized (out) {
                    out.println("DEL " + pid + " " + to);
                }
            }
        }
    }
}
