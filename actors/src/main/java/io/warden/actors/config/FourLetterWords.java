package io.warden.actors.config;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The four-letter words this server answers ({@code 4lw.commands.whitelist}).
 *
 * <p>As in ZooKeeper 3.9, {@code srvr} is always enabled (the status scripts depend on it) and is
 * the only word enabled by default; {@code *} enables them all. A word that is not enabled gets
 * ZooKeeper's "is not executed because it is not in the whitelist" reply from the server.
 *
 * @param enabled the enabled words, a subset of {@link #KNOWN}, always containing {@code srvr}
 */
public record FourLetterWords(Set<String> enabled) {
    /** Every four-letter word ZooKeeper 3.9 knows. */
    public static final Set<String> KNOWN = Set.of(
            "conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "hash", "isro", "mntr", "ruok",
            "srst", "srvr", "stat", "stmk", "wchc", "wchp", "wchs");
    public static final String ALWAYS_ENABLED = "srvr";

    public FourLetterWords {
        Checks.notNull("4lw.commands.whitelist", enabled);
        TreeSet<String> words = new TreeSet<>(enabled);
        for (String word : words) {
            if (!KNOWN.contains(word)) {
                throw new IllegalArgumentException("\"" + word + "\" is not a four-letter word (known: "
                        + String.join(",", new TreeSet<>(KNOWN)) + ")");
            }
        }
        words.add(ALWAYS_ENABLED);
        enabled = Set.copyOf(words);
    }

    /** ZooKeeper's default: only srvr. */
    public static FourLetterWords defaults() {
        return new FourLetterWords(Set.of());
    }

    /** {@code 4lw.commands.whitelist=*}. */
    public static FourLetterWords all() {
        return new FourLetterWords(KNOWN);
    }

    public static FourLetterWords of(String... words) {
        return new FourLetterWords(Set.copyOf(Arrays.asList(words)));
    }

    public static FourLetterWords of(Collection<String> words) {
        return new FourLetterWords(Set.copyOf(words));
    }

    public boolean isEnabled(String word) {
        return enabled.contains(word);
    }

    /** The words in zoo.cfg syntax, sorted: {@code conf,mntr,srvr}. */
    public String toConfigValue() {
        return enabled.stream().sorted().collect(Collectors.joining(","));
    }
}
