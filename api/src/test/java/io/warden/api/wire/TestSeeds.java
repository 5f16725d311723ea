package io.warden.api.wire;

/** The seed of a randomized test: {@code -Dwarden.seed=...} to replay one, else a fresh one. */
final class TestSeeds {
    private TestSeeds() {}

    static long seed(String testName) {
        String fixed = System.getProperty("warden.seed");
        long seed = fixed != null && !fixed.isBlank() ? Long.parseLong(fixed.trim()) : System.nanoTime();
        System.out.println(testName + " seed=" + seed + " (replay with -Dwarden.seed=" + seed + ")");
        return seed;
    }
}
