package io.warden.ops.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.actors.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ops/conf/zoo.cfg, the README's config, parses cleanly and means what its comments say. */
class SampleConfigTest {
    @Test
    void sampleConfigIsAStandaloneServerOn2181KeepingDataInOpsData() throws Exception {
        ParsedConfig parsed = ZooCfgParser.parse(Path.of("conf", "zoo.cfg"));
        assertEquals(List.of(), parsed.warnings());
        ServerConfig c = parsed.config();
        assertTrue(c.isStandalone());
        assertEquals(2181, c.clientPort());
        assertEquals(2000, c.tickTimeMs());
        assertEquals(Path.of("data").toAbsolutePath(), c.dataDir(), "ops/data, which .gitignore keeps out");
        assertTrue(c.fourLetterWords().isEnabled("ruok"));
        assertTrue(c.fourLetterWords().isEnabled("mntr"));
        assertTrue(c.extendedTypesEnabled());
    }
}
