package io.warden.persistence.snapstore;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads back what a {@link StreamableSnapshot} wrote. Implementations need a public no-argument
 * constructor; they are registered by manifest in the snapshot store's config:
 * {@code streamable-codecs { "my-manifest" = "com.example.MyCodec" }}. The store has checked the
 * file's CRC before calling, so the codec sees exactly the bytes that were written.
 */
public interface StreamableSnapshotCodec {

    /**
     * @param in        the snapshot body, positioned at its start, ending at its end
     * @param sizeBytes the body length
     */
    Object readFrom(InputStream in, long sizeBytes) throws IOException;
}
