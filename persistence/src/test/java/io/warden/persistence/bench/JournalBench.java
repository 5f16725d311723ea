package io.warden.persistence.bench;

import io.warden.persistence.journal.LogConfig;
import io.warden.persistence.journal.LogRecord;
import io.warden.persistence.journal.LogStats;
import io.warden.persistence.journal.SegmentedLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Journal benchmark: fsynced 1 KiB appends per second and latency for 1, 8 and 64 writers,
 * through the log and through the Pekko plugin, against the raw fsync rate of the same disk
 * measured in the same run; then write, reopen and replay a million records.
 *
 * <p>A program, not a test; how to run it is in docs/benchmarks.md, section "Journal".
 * Options: {@code --dir} (default target/journal-bench, emptied first), {@code --seconds} per
 * scenario (5), {@code --writers} (1,8,64), {@code --records} for recovery (1000000),
 * {@code --skip-pekko}.
 */
public final class JournalBench {

    static final int RECORD_BYTES = 1024;

    private JournalBench() {
    }

    /** One scenario's outcome. */
    record Result(String name, long ops, double seconds, long[] latenciesNs, String note) {
        double opsPerSecond() {
            return ops / seconds;
        }

        double percentileMs(double p) {
            if (latenciesNs.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(latenciesNs.length - 1, Math.ceil(p * latenciesNs.length) - 1);
            return latenciesNs[Math.max(0, i)] / 1e6;
        }

        String row() {
            return String.format(Locale.ROOT, "| %-28s | %10.0f | %8.2f | %8.2f | %s |", name, opsPerSecond(),
                    percentileMs(0.50), percentileMs(0.99), note);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(option(args, "--dir", "target/journal-bench"));
        double seconds = Double.parseDouble(option(args, "--seconds", "5"));
        int[] writers = Arrays.stream(option(args, "--writers", "1,8,64").split(",")).mapToInt(Integer::parseInt).toArray();
        int records = Integer.parseInt(option(args, "--records", "1000000"));
        boolean pekko = !Arrays.asList(args).contains("--skip-pekko");

        System.out.println("Journal benchmark in " + dir.toAbsolutePath() + ", " + seconds + " s per scenario, "
                + Runtime.getRuntime().availableProcessors() + " CPUs, load before: " + loadAverage());
        List<Result> results = new ArrayList<>();
        Result[] pair = rawVersusSingleWriter(fresh(dir.resolve("raw")), fresh(dir.resolve("log-1")), seconds);
        Result rawPrealloc = pair[0];
        Result single = pair[1];
        results.addAll(List.of(pair));
        results.add(rawFsync(fresh(dir.resolve("raw-growing")), seconds));
        for (int w : writers) {
            if (w != 1) {
                results.add(logAppends(fresh(dir.resolve("log-" + w)), w, seconds));
            }
        }
        if (pekko) {
            for (int w : writers) {
                results.add(PluginBench.run(fresh(dir.resolve("pekko-" + w)), w, seconds));
            }
        }
        System.out.println();
        System.out.println("| scenario                     |  appends/s | p50 (ms) | p99 (ms) | note |");
        System.out.println("|------------------------------|-----------:|---------:|---------:|------|");
        results.forEach(r -> System.out.println(r.row()));
        {
            System.out.printf(Locale.ROOT, "%nlog, 1 writer / raw fsync (preallocated): %.2fx (target >= 0.9)%n",
                    single.opsPerSecond() / rawPrealloc.opsPerSecond());
            for (Result r : results) {
                if (r.name().startsWith("log, 64 writers")) {
                    System.out.printf(Locale.ROOT, "log, 64 writers / 1 writer: %.1fx (target >= 20)%n",
                            r.opsPerSecond() / single.opsPerSecond());
                }
            }
        }
        recovery(fresh(dir.resolve("recovery")), records);
        System.out.println("load after: " + loadAverage());
        deleteRecursively(dir);
    }

    /**
     * The physical bound against one writer through the log, measured in alternating half-second
     * slices on the same disk, so drift in a shared machine's disk latency hits both alike. The
     * raw loop writes 1 KiB and fsyncs, in a loop, into a preallocated file, as the log does.
     */
    static Result[] rawVersusSingleWriter(Path rawDir, Path logDir, double seconds) throws Exception {
        long capacity = 64L * 1024 * 1024;
        try (FileChannel ch = FileChannel.open(rawDir.resolve("raw.dat"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
             SegmentedLog log = SegmentedLog.open(LogConfig.defaults(logDir))) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
            for (long at = 0; at < capacity; at += 1 << 20) {
                ch.write(zeros.clear(), at);
            }
            ch.force(true);
            long[] pos = {0};
            long[] seq = {0};
            LatencyLog rawLat = new LatencyLog();
            LatencyLog logLat = new LatencyLog();
            rawSlice(ch, pos, capacity, 0.5, new LatencyLog());
            logSlice(log, seq, 1.0, new LatencyLog());
            long rawOps = 0;
            long logOps = 0;
            double rawS = 0;
            double logS = 0;
            for (int i = 0; i < Math.max(2, (int) Math.round(seconds * 2)); i++) {
                long t0 = System.nanoTime();
                rawOps += rawSlice(ch, pos, capacity, 0.5, rawLat);
                long t1 = System.nanoTime();
                logOps += logSlice(log, seq, 0.5, logLat);
                long t2 = System.nanoTime();
                rawS += (t1 - t0) / 1e9;
                logS += (t2 - t1) / 1e9;
            }
            return new Result[] {
                new Result("raw write+fsync, prealloc", rawOps, rawS, rawLat.sorted(), "bound, interleaved"),
                new Result("log, 1 writers", logOps, logS, logLat.sorted(), "interleaved with the bound")};
        }
    }

    private static long rawSlice(FileChannel ch, long[] pos, long capacity, double seconds, LatencyLog lat)
            throws IOException {
        ByteBuffer record = ByteBuffer.allocateDirect(RECORD_BYTES);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long ops = 0;
        while (System.nanoTime() < end) {
            if (pos[0] + RECORD_BYTES > capacity) {
                pos[0] = 0;
            }
            long t0 = System.nanoTime();
            record.clear();
            while (record.hasRemaining()) {
                ch.write(record, pos[0] + record.position());
            }
            ch.force(false);
            lat.add(System.nanoTime() - t0);
            pos[0] += RECORD_BYTES;
            ops++;
        }
        return ops;
    }

    private static long logSlice(SegmentedLog log, long[] seq, double seconds, LatencyLog lat) {
        byte[] payload = new byte[RECORD_BYTES - 40];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long ops = 0;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            log.append(new LogRecord("writer-0", ++seq[0], payload)).join();
            lat.add(System.nanoTime() - t0);
            ops++;
        }
        return ops;
    }

    /** For reference: 1 KiB write + fsync appending to a growing file (metadata changes each time). */
    static Result rawFsync(Path dir, double seconds) throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve("raw.dat"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            LatencyLog lat = new LatencyLog();
            long[] pos = {0};
            long start = System.nanoTime();
            long ops = rawSlice(ch, pos, Long.MAX_VALUE, seconds, lat);
            return new Result("raw write+fsync, growing file", ops, (System.nanoTime() - start) / 1e9,
                    lat.sorted(), "reference");
        }
    }

    /** {@code writers} threads, each appending 1 KiB records to its own entity and waiting for the ack. */
    static Result logAppends(Path dir, int writers, double seconds) throws Exception {
        try (SegmentedLog log = SegmentedLog.open(LogConfig.defaults(dir))) {
            runWriters(log, writers, 1.0, new LatencyLog[writers]); // warm-up
            LogStats before = log.stats();
            LatencyLog[] lats = new LatencyLog[writers];
            long start = System.nanoTime();
            long ops = runWriters(log, writers, seconds, lats);
            double elapsed = (System.nanoTime() - start) / 1e9;
            LogStats after = log.stats();
            long appends = after.appendRequests() - before.appendRequests();
            long fsyncs = after.fsyncs() - before.fsyncs();
            return new Result("log, " + writers + " writers", ops, elapsed, LatencyLog.merge(lats),
                    String.format(Locale.ROOT, "%.1f appends/fsync", (double) appends / Math.max(1, fsyncs)));
        }
    }

    private static long runWriters(SegmentedLog log, int writers, double seconds, LatencyLog[] lats)
            throws InterruptedException {
        AtomicLong total = new AtomicLong();
        CountDownLatch done = new CountDownLatch(writers);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        byte[] payload = new byte[RECORD_BYTES - 40];
        for (int w = 0; w < writers; w++) {
            String pid = "writer-" + w;
            LatencyLog lat = new LatencyLog();
            lats[w] = lat;
            Thread t = new Thread(() -> {
                long seq = log.highestSequenceNr(pid);
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    log.append(new LogRecord(pid, ++seq, payload)).join();
                    lat.add(System.nanoTime() - t0);
                    total.incrementAndGet();
                }
                done.countDown();
            }, "bench-" + pid);
            t.start();
        }
        done.await();
        return total.get();
    }

    /** Writes {@code count} 1 KiB records without fsync, then times reopen and full replay. */
    static void recovery(Path dir, int count) throws Exception {
        byte[] payload = new byte[RECORD_BYTES - 40];
        long t0 = System.nanoTime();
        try (SegmentedLog log = SegmentedLog.open(LogConfig.defaults(dir).withForceSync(false))) {
            List<CompletableFuture<Long>> window = new ArrayList<>();
            for (long seq = 1; seq <= count; seq++) {
                window.add(log.append(new LogRecord("replica", seq, payload)));
                if (window.size() == 10_000) {
                    window.forEach(CompletableFuture::join);
                    window.clear();
                }
            }
            window.forEach(CompletableFuture::join);
        }
        double writeS = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        try (SegmentedLog log = SegmentedLog.open(LogConfig.defaults(dir))) {
            double openS = (System.nanoTime() - t1) / 1e9;
            long t2 = System.nanoTime();
            AtomicLong bytes = new AtomicLong();
            long replayed = log.replay("replica", 1, Long.MAX_VALUE, Long.MAX_VALUE, r -> bytes.addAndGet(r.data().length));
            double replayS = (System.nanoTime() - t2) / 1e9;
            if (replayed != count) {
                throw new IllegalStateException("replayed " + replayed + " of " + count);
            }
            System.out.printf(Locale.ROOT, "%nrecovery, %,d records of 1 KiB (%,d MiB, %d segments):%n", count,
                    bytes.get() >> 20, segmentCount(dir));
            System.out.printf(Locale.ROOT, "  write without fsync: %.1f s (%,.0f records/s)%n", writeS, count / writeS);
            System.out.printf(Locale.ROOT, "  open (scan + CRC + index): %.2f s%n", openS);
            System.out.printf(Locale.ROOT, "  replay all: %.2f s (%,.0f records/s)%n", replayS, count / replayS);
            System.out.println("  (files were just written, so mostly read from the page cache)");
        }
    }

    private static long segmentCount(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static Path fresh(Path dir) throws IOException {
        deleteRecursively(dir);
        return Files.createDirectories(dir);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** Latencies of one thread; grows in chunks, bounded by the run length. */
    static final class LatencyLog {
        private long[] samples = new long[4096];
        private int size;

        void add(long ns) {
            if (size == samples.length) {
                samples = Arrays.copyOf(samples, size * 2);
            }
            samples[size++] = ns;
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(samples, size);
            Arrays.sort(copy);
            return copy;
        }

        static long[] merge(LatencyLog[] logs) {
            long[] all = Arrays.stream(logs).flatMapToLong(l -> Arrays.stream(l.samples, 0, l.size)).toArray();
            Arrays.sort(all);
            return all;
        }
    }
}
