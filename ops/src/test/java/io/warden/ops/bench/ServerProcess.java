package io.warden.ops.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One server under test, running in its own JVM and logging to a file in its workspace. */
final class ServerProcess implements AutoCloseable {
    private static final int FOUR_LETTER_TIMEOUT_MS = 2_000;
    private static final long POLL_INTERVAL_MS = 200;

    private final ChildProcesses children;
    private final Process process;
    private final Path log;
    private final int clientPort;

    private ServerProcess(ChildProcesses children, Process process, Path log, int clientPort) {
        this.children = children;
        this.process = process;
        this.log = log;
        this.clientPort = clientPort;
    }

    static ServerProcess start(ChildProcesses children, List<String> command, Path log, int clientPort)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        return new ServerProcess(children, children.start(builder), log, clientPort);
    }

    long pid() {
        return process.pid();
    }

    int clientPort() {
        return clientPort;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the server answers {@code ruok} with {@code imok}. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("server exited with status " + process.exitValue() + " before it was ready; log:\n"
                        + logTail(30));
            }
            if ("imok".equals(fourLetterWord("ruok"))) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("server did not answer ruok within " + timeout.toSeconds() + " s; log:\n"
                        + logTail(30));
            }
            // Polling a socket: nothing to wait on but time.
            TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL_MS);
        }
    }

    /** The server's answer to a four-letter word, or "" if it could not be asked. */
    String fourLetterWord(String word) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), clientPort), FOUR_LETTER_TIMEOUT_MS);
            socket.setSoTimeout(FOUR_LETTER_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readNBytes(64 * 1024), StandardCharsets.US_ASCII).trim();
            }
        } catch (IOException e) {
            return "";
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        children.stop(process);
    }
}
