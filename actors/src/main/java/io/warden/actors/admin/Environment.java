package io.warden.actors.admin;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The process facts envi and mntr report, read from the JVM when asked. */
final class Environment {
    private static final String[] PROPERTIES = {
        "java.version", "java.vendor", "java.home", "java.class.path", "java.library.path", "java.io.tmpdir",
        "java.compiler", "os.name", "os.arch", "os.version", "user.name", "user.home", "user.dir"};

    private Environment() {}

    static Map<String, String> describe(String version) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("zookeeper.version", version);
        env.put("host.name", hostName());
        for (String key : PROPERTIES) {
            env.put(key, System.getProperty(key, "<NA>"));
        }
        Runtime runtime = Runtime.getRuntime();
        env.put("os.memory.free", (runtime.freeMemory() >> 20) + "MB");
        env.put("os.memory.max", (runtime.maxMemory() >> 20) + "MB");
        env.put("os.memory.total", (runtime.totalMemory() >> 20) + "MB");
        return env;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "<NA>";
        }
    }

    static long openFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
    }

    static long maxFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }
}
