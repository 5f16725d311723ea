package io.warden.ops.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/** CPU time consumed by this process and by another one, in nanoseconds. */
final class ProcessCpu {
    /** Linux's USER_HZ on every common build; used when {@code getconf} is unavailable. */
    static final long DEFAULT_CLOCK_TICKS_PER_SECOND = 100;

    private final long clockTicksPerSecond;

    ProcessCpu(long clockTicksPerSecond) {
        if (clockTicksPerSecond <= 0) {
            throw new IllegalArgumentException("clock ticks per second must be positive: " + clockTicksPerSecond);
        }
        this.clockTicksPerSecond = clockTicksPerSecond;
    }

    static ProcessCpu fromSystem() {
        return new ProcessCpu(readClockTicksPerSecond());
    }

    /** This JVM's CPU time (all threads, user + system). */
    static long selfNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long nanos = sun.getProcessCpuTime();
            if (nanos >= 0) {
                return nanos;
            }
        }
        throw new IllegalStateException("this JVM does not report its process CPU time");
    }

    /**
     * CPU time of {@code pid} plus its live descendants (so a server started through a shell
     * script is measured by the JVM it runs, not by the waiting shell), or empty if the
     * process is gone or /proc is unavailable.
     */
    OptionalLong treeNanos(long pid) {
        OptionalLong own = processNanos(pid);
        if (own.isEmpty()) {
            return own;
        }
        long children = ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::descendants)
                .flatMapToLong(h -> streamOf(processNanos(h.pid())))
                .sum();
        return OptionalLong.of(own.getAsLong() + children);
    }

    private static LongStream streamOf(OptionalLong value) {
        return value.isPresent() ? LongStream.of(value.getAsLong()) : LongStream.empty();
    }

    OptionalLong processNanos(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        long ticks = userPlusSystemTicks(stat);
        return OptionalLong.of(TimeUnit.SECONDS.toNanos(ticks) / clockTicksPerSecond);
    }

    /**
     * utime + stime from one line of /proc/PID/stat: {@code pid (comm) state ppid ...}, where
     * utime and stime are fields 14 and 15 counting from 1. comm may hold spaces and ')', so
     * fields are counted after the last ')'.
     */
    static long userPlusSystemTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + statLine);
        }
        String[] fields = statLine.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        if (fields.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc/PID/stat line: " + statLine);
        }
        try {
            return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("utime/stime are not numbers in: " + statLine, e);
        }
    }

    private static long readClockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out;
            try (InputStream in = getconf.getInputStream()) {
                out = new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim();
            }
            if (!getconf.waitFor(5, TimeUnit.SECONDS)) {
                getconf.destroyForcibly();
                return DEFAULT_CLOCK_TICKS_PER_SECOND;
            }
            long ticks = Long.parseLong(out);
            return ticks > 0 ? ticks : DEFAULT_CLOCK_TICKS_PER_SECOND;
        } catch (IOException | NumberFormatException e) {
            return DEFAULT_CLOCK_TICKS_PER_SECOND;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_CLOCK_TICKS_PER_SECOND;
        }
    }
}
