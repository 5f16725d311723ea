package io.warden.ops.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The side-by-side report: one row per target and workload, then Warden/ZooKeeper ratios. */
final class ResultTable {
    /** What came of one workload on one target. */
    sealed interface Outcome {
        Target target();

        Workload workload();

        record Measured(Target target, Workload workload, LoadResult result) implements Outcome {
        }

        record Failed(Target target, Workload workload, String reason) implements Outcome {
        }
    }

    private static final String[] HEADER = {"target", "op", "ops/s", "p50 us", "p99 us", "p99.9 us", "max us",
        "client us CPU/op", "server us CPU/op", "errors"};

    private ResultTable() {
    }

    static String render(List<Outcome> outcomes) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        // One line per target and reason: "not started" would otherwise repeat for every op.
        Map<String, List<String>> failures = new LinkedHashMap<>();
        for (Outcome outcome : outcomes) {
            // Java 17 has no pattern switch; the sealed interface keeps this chain complete.
            if (outcome instanceof Outcome.Measured m) {
                rows.add(row(m.target().optionName(), m.workload(), m.result()));
            } else if (outcome instanceof Outcome.Failed f) {
                failures.computeIfAbsent(f.target().optionName() + ": " + f.reason(), k -> new ArrayList<>())
                        .add(f.workload().optionName());
            }
        }
        for (Workload workload : Workload.values()) {
            Optional<LoadResult> zk = find(outcomes, Target.ZOOKEEPER, workload);
            Optional<LoadResult> warden = find(outcomes, Target.WARDEN, workload);
            if (zk.isPresent() && warden.isPresent()) {
                rows.add(ratioRow(workload, warden.get(), zk.get()));
            }
        }
        StringBuilder out = new StringBuilder(format(rows));
        failures.forEach((targetAndReason, ops) ->
                out.append("FAILED ").append(String.join(",", ops)).append(" on ").append(targetAndReason).append('\n'));
        return out.toString();
    }

    private static String[] row(String label, Workload workload, LoadResult r) {
        return new String[] {label, workload.optionName(), number(r.opsPerSec()), number(r.p50Us()),
            number(r.p99Us()), number(r.p999Us()), number(r.maxUs()), number(r.clientCpuUsPerOp()),
            number(r.serverCpuUsPerOp()), Long.toString(r.errors())};
    }

    /** Above 1 is better for ops/s, worse for everything else. */
    private static String[] ratioRow(Workload workload, LoadResult warden, LoadResult zk) {
        return new String[] {"warden/zk", workload.optionName(), ratio(warden.opsPerSec(), zk.opsPerSec()),
            ratio(warden.p50Us(), zk.p50Us()), ratio(warden.p99Us(), zk.p99Us()),
            ratio(warden.p999Us(), zk.p999Us()), ratio(warden.maxUs(), zk.maxUs()),
            ratio(warden.clientCpuUsPerOp(), zk.clientCpuUsPerOp()),
            ratio(warden.serverCpuUsPerOp(), zk.serverCpuUsPerOp()), ""};
    }

    private static Optional<LoadResult> find(List<Outcome> outcomes, Target target, Workload workload) {
        for (Outcome outcome : outcomes) {
            if (outcome instanceof Outcome.Measured m && m.target() == target && m.workload() == workload) {
                return Optional.of(m.result());
            }
        }
        return Optional.empty();
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ratio(double numerator, double denominator) {
        if (Double.isNaN(numerator) || Double.isNaN(denominator) || denominator == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx", numerator / denominator);
    }

    private static String format(List<String[]> rows) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                // Text columns left-aligned, numbers right-aligned.
                out.append(i < 2 ? pad(cell, widths[i], false) : pad(cell, widths[i], true));
                out.append(i + 1 < row.length ? "  " : "");
            }
            out.append('\n');
        }
        return out.toString().lines().map(String::stripTrailing).reduce("", (a, b) -> a + b + "\n");
    }

    private static String pad(String s, int width, boolean right) {
        String spaces = " ".repeat(width - s.length());
        return right ? spaces + s : s + spaces;
    }
}
