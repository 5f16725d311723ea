package io.warden.ops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server's live heap as {@code jcmd <pid> GC.class_histogram} reports it (the command runs a
 * full GC first, so only reachable objects are counted). Histogram lines look like
 * {@code "   1:   123   4567  java.lang.String (java.base@17)"}; the last line is
 * {@code "Total  <instances>  <bytes>"}.
 */
record HeapHistogram(long totalBytes, Map<String, long[]> byClass) {

    static HeapHistogram of(long pid) throws IOException, InterruptedException {
        Path jcmd = ServerLaunch.javaBinary().resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("jcmd failed: " + out);
        }
        return parse(out);
    }

    static HeapHistogram parse(String out) throws IOException {
        long total = -1;
        Map<String, long[]> byClass = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].equals("Total")) {
                total = Long.parseLong(f[2]);
            } else if (f.length >= 4 && f[0].endsWith(":")) {
                try {
                    byClass.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                } catch (NumberFormatException e) {
                    // a line that is not a class row (a header): skip it
                }
            }
        }
        if (total < 0) {
            throw new IOException("no Total line in jcmd's histogram: " + out);
        }
        return new HeapHistogram(total, Map.copyOf(byClass));
    }

    long instances(String className) {
        long[] row = byClass.get(className);
        return row == null ? 0 : row[0];
    }

    /**
     * The classes that grew most from {@code before} to this histogram, in bytes, as lines of
     * "instances per unit, bytes per unit, class" (the unit being a znode, a session, a watch).
     */
    List<String> topGrowth(HeapHistogram before, int units, int limit) {
        List<Map.Entry<String, long[]>> grown = new ArrayList<>();
        byClass.forEach((name, row) -> {
            long[] old = before.byClass.getOrDefault(name, new long[2]);
            grown.add(Map.entry(name, new long[] {row[0] - old[0], row[1] - old[1]}));
        });
        grown.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed());
        List<String> lines = new ArrayList<>();
        for (var e : grown.subList(0, Math.min(limit, grown.size()))) {
            lines.add(String.format(Locale.ROOT, "%8.2f %9.1f  %s", e.getValue()[0] / (double) units,
                    e.getValue()[1] / (double) units, e.getKey()));
        }
        return lines;
    }
}
