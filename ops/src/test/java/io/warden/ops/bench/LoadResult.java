package io.warden.ops.bench;

import java.util.Map;

/**
 * What one load-generator run measured. Latencies are in microseconds; CPU figures are CPU
 * time per successful operation in the measured window, NaN when unknown.
 *
 * @param op               the workload's option name
 * @param measuredSeconds  length of the measured window
 * @param ops              operations that succeeded and completed inside the window
 * @param errors           failed operations over the whole run, warmup and drain included
 * @param errorCodes       failures by ZooKeeper error code name, e.g. {@code CONNECTIONLOSS=3}
 * @param unfinished       requests still unanswered when the drain timed out
 */
record LoadResult(
        String op,
        int sessions,
        int outstanding,
        int sizeBytes,
        double measuredSeconds,
        long ops,
        long errors,
        String errorCodes,
        long unfinished,
        double opsPerSec,
        double meanUs,
        double p50Us,
        double p99Us,
        double p999Us,
        double maxUs,
        double clientCpuUsPerOp,
        double serverCpuUsPerOp) {

    String toJson() {
        return new FlatJson()
                .put("op", op).put("sessions", sessions).put("outstanding", outstanding)
                .put("sizeBytes", sizeBytes).put("measuredSeconds", measuredSeconds)
                .put("ops", ops).put("errors", errors).put("errorCodes", errorCodes)
                .put("unfinished", unfinished).put("opsPerSec", opsPerSec).put("meanUs", meanUs)
                .put("p50Us", p50Us).put("p99Us", p99Us).put("p999Us", p999Us).put("maxUs", maxUs)
                .put("clientCpuUsPerOp", clientCpuUsPerOp).put("serverCpuUsPerOp", serverCpuUsPerOp)
                .build();
    }

    static LoadResult fromJson(String line) {
        Map<String, Object> m = FlatJson.parse(line);
        return new LoadResult(
                text(m, "op"), (int) number(m, "sessions"), (int) number(m, "outstanding"),
                (int) number(m, "sizeBytes"), number(m, "measuredSeconds"),
                (long) number(m, "ops"), (long) number(m, "errors"), text(m, "errorCodes"),
                (long) number(m, "unfinished"), number(m, "opsPerSec"), number(m, "meanUs"),
                number(m, "p50Us"), number(m, "p99Us"), number(m, "p999Us"), number(m, "maxUs"),
                number(m, "clientCpuUsPerOp"), number(m, "serverCpuUsPerOp"));
    }

    String toHumanSummary(double warmupSeconds) {
        return String.format(java.util.Locale.ROOT, """
                %s %d B, %d sessions x %d outstanding, %.1f s measured after %.1f s warmup
                  ops/s %.1f   ops %d   errors %d%s   unfinished %d
                  latency us: mean %.1f  p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f
                  CPU us/op: client %.1f  server %s""",
                op, sizeBytes, sessions, outstanding, measuredSeconds, warmupSeconds,
                opsPerSec, ops, errors, errorCodes.isEmpty() ? "" : " (" + errorCodes + ")", unfinished,
                meanUs, p50Us, p99Us, p999Us, maxUs,
                clientCpuUsPerOp, Double.isNaN(serverCpuUsPerOp) ? "n/a (no --server-pid)"
                        : String.format(java.util.Locale.ROOT, "%.1f", serverCpuUsPerOp));
    }

    private static double number(Map<String, Object> m, String name) {
        if (!(m.get(name) instanceof Double d)) {
            throw new IllegalArgumentException("result JSON lacks number '" + name + "'");
        }
        return d;
    }

    private static String text(Map<String, Object> m, String name) {
        if (!(m.get(name) instanceof String s)) {
            throw new IllegalArgumentException("result JSON lacks string '" + name + "'");
        }
        return s;
    }
}
