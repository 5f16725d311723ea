package io.warden.persistence.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableDirectoriesTest {
    @TempDir
    Path tmp;

    @Test
    void everyCreatedDirectoryHasItsParentFsyncedOutermostFirst() throws Exception {
        List<Path> forced = new ArrayList<>();
        Path deep = tmp.resolve("a/b/c");
        DurableDirectories.create(deep, dir -> {
            DurableDirectories.REAL.force(dir); // the real fsync works on a directory here
            forced.add(dir);
        });
        assertTrue(Files.isDirectory(deep));
        assertEquals(List.of(tmp, tmp.resolve("a"), tmp.resolve("a/b")), forced);

        forced.clear();
        DurableDirectories.create(deep, forced::add);
        assertEquals(List.of(), forced, "nothing created, nothing to force");
    }
}
