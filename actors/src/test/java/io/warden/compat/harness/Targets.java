package io.warden.compat.harness;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The one place that decides which targets every compatibility test runs against:
 * {@code -Dwarden.compat.targets=zookeeper,warden} (names of {@link Target}, any case).
 * The default runs every test against both: the reference decides what is right, and Warden
 * must match it.
 */
public final class Targets {
  public static final String PROPERTY = "warden.compat.targets";
  static final String DEFAULT = "zookeeper,warden";

  private Targets() {}

  /** The argument source of {@link CompatTest}. */
  public static Stream<Target> selected() {
    String spec = System.getProperty(PROPERTY, DEFAULT).trim();
    if (spec.isEmpty()) {
      spec = DEFAULT;
    }
    return Arrays.stream(spec.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(s -> parse(s))
        .distinct();
  }

  /** The argument source of {@link EnsembleTest}: the selected targets that run several servers. */
  public static Stream<Target> selectedEnsembles() {
    return selected().filter(Target::isEnsemble);
  }

  /**
   * Whether any ensemble target is selected: the condition of classes of {@link EnsembleTest}s,
   * which JUnit would otherwise fail for having no arguments when none is.
   */
  public static boolean anyEnsembleSelected() {
    return selectedEnsembles().findAny().isPresent();
  }

  private static Target parse(String name) {
    try {
      return Target.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PROPERTY + ": unknown target '" + name
          + "', expected some of " + Arrays.toString(Target.values()), e);
    }
  }
}
