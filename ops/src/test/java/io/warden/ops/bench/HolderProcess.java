package io.warden.ops.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A client-side holder JVM ({@link SessionHolder}, {@link WatchHolder}) in its own process, so
 * that its heap and CPU are not the server's: the bench sends it one command a line on stdin,
 * and it answers each step with one JSON line, {@code {"event":...}}, on stdout; its stderr goes
 * to {@code holder.err} in the workspace. Closing it closes its stdin (the holder exits on that)
 * and stops the process.
 */
final class HolderProcess implements AutoCloseable {
    private static final int ERR_TAIL_LINES = 20;

    private final String name;
    private final ChildProcesses children;
    private final Process process;
    private final Path errFile;
    private final BufferedReader out;
    private final PrintWriter in;

    private HolderProcess(String name, ChildProcesses children, Process process, Path errFile) {
        this.name = name;
        this.children = children;
        this.process = process;
        this.errFile = errFile;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Starts {@code mainClass} with the client JVM options; {@code name} is for error messages. */
    static HolderProcess start(String name, ChildProcesses children, ServerLaunch launch, Class<?> mainClass,
            Path logbackXml, List<String> args, Path workspace) throws IOException {
        Path errFile = workspace.resolve("holder.err");
        Process process = children.start(new ProcessBuilder(launch.clientCommand(mainClass, logbackXml, args))
                .redirectError(errFile.toFile()));
        return new HolderProcess(name, children, process, errFile);
    }

    void send(String command) {
        in.println(command);
    }

    /**
     * Reads the holder's lines until the one with this event; fails on an error event, or with
     * the tail of its stderr if it ends first.
     */
    Map<String, Object> expect(String event) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (!line.startsWith("{")) {
                continue;
            }
            Map<String, Object> json = FlatJson.parse(line);
            if (event.equals(json.get("event"))) {
                return json;
            }
            if ("error".equals(json.get("event"))) {
                throw new IOException(name + ": " + json.get("message"));
            }
        }
        List<String> err = Files.readAllLines(errFile);
        throw new IOException(name + " ended before '" + event + "':\n"
                + String.join("\n", err.subList(Math.max(0, err.size() - ERR_TAIL_LINES), err.size())));
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
            out.close();
        } finally {
            children.stop(process);
        }
    }
}
