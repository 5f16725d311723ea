package io.warden.ops.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes zoo.cfg (and myid) files into a test's temp dir and parses them. */
final class ZooCfgFixture {
    final Path dir;

    ZooCfgFixture(Path dir) {
        this.dir = dir;
    }

    Path write(String... lines) {
        return writeAs("zoo.cfg", lines);
    }

    Path writeAs(String name, String... lines) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code <dir>/data/myid}. */
    void myid(String content) {
        writeAs("data/myid", content);
    }

    ParsedConfig parse(String... lines) throws ConfigException {
        return ZooCfgParser.parse(write(lines));
    }

    ParsedConfig parse(Map<String, String> systemProperties, String... lines) throws ConfigException {
        return ZooCfgParser.parse(write(lines), systemProperties);
    }
}
