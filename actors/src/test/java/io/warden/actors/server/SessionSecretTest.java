package io.warden.actors.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.persistence.fs.DurableDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionSecretTest {
    @TempDir
    Path tmp;

    @Test
    void aNewSecretIsDurableIncludingItsDirectoryEntry() throws Exception {
        Path dataDir = tmp.resolve("data");
        List<Path> forced = new ArrayList<>();
        DurableDirectories.Fsync watching = dir -> {
            DurableDirectories.REAL.force(dir);
            forced.add(dir);
        };
        byte[] secret = SessionSecret.loadOrCreate(dataDir, watching);
        assertEquals(32, secret.length);
        assertArrayEquals(secret, Files.readAllBytes(dataDir.resolve(SessionSecret.FILE_NAME)));
        // the new dataDir's entry in its parent, then the renamed secret's entry in dataDir
        assertEquals(List.of(tmp, dataDir), forced);

        forced.clear();
        assertArrayEquals(secret, SessionSecret.loadOrCreate(dataDir, watching));
        assertEquals(List.of(), forced, "loading an existing secret writes nothing");
    }
}
