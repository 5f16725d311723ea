package io.warden.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Runs {@link ClientBenchmark} from Maven when {@code -Dwarden.bench=target,ops,window} is given; skipped otherwise. */
class ClientBenchmarkRun {
    @Test
    @EnabledIfSystemProperty(named = "warden.bench", matches = ".+")
    void run() throws Exception {
        ClientBenchmark.main(System.getProperty("warden.bench").split(","));
    }
}
