package io.warden.persistence.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the file channels the log reads and writes through. Production uses {@link #DEFAULT};
 * fault tests inject a factory whose channels fail like a full or broken disk, because no
 * real tiny filesystem can be mounted where the tests run.
 */
@FunctionalInterface
public interface ChannelFactory {

    ChannelFactory DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
