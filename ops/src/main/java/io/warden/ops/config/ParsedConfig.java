package io.warden.ops.config;

import io.warden.actors.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * A parsed configuration and what the operator should be told about it.
 *
 * @param configFile the zoo.cfg it came from (absolute)
 * @param config     the validated server configuration
 * @param warnings   unknown or unused keys, corrected values, questionable ensemble sizes; in
 *                   file order, each a sentence naming the key
 */
public record ParsedConfig(Path configFile, ServerConfig config, List<String> warnings) {
    public ParsedConfig {
        warnings = List.copyOf(warnings);
    }
}
