package io.warden.persistence.journal;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The journal plugin's HOCON section (see {@code warden.persistence.journal} in reference.conf)
 * turned into a {@link LogConfig}, with a clear error for each bad key.
 *
 * @param log                   how the log is laid out
 * @param failReplayFromDeleted refuse a replay that starts inside the deleted prefix (a
 *                              recovery from an older snapshot than the deletion assumed)
 *                              instead of silently starting after it
 */
public record JournalSettings(LogConfig log, boolean failReplayFromDeleted) {

    public static JournalSettings fromConfig(Config config) {
        String directory = config.getString("directory");
        if (directory.isBlank()) {
            throw new IllegalArgumentException("journal setting 'directory' is empty: set it to the data log "
                    + "directory (ZooKeeper's dataLogDir)");
        }
        Duration timeout = config.getDuration("enqueue-timeout");
        LogConfig log = new LogConfig(Path.of(directory),
                config.getBytes("segment-size"),
                config.getBoolean("force-sync"),
                Math.toIntExact(config.getBytes("max-batch-size")),
                config.getBytes("max-queued-bytes"),
                config.getInt("max-queued-requests"),
                timeout.toMillis(),
                SlowForceChannels.withDelay(ChannelFactory.DEFAULT, config.getDuration("test-fsync-delay").toMillis()));
        return new JournalSettings(log, config.getBoolean("fail-replay-from-deleted"));
    }
}
