package io.warden.compat.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A test body that runs once per selected ensemble target and against nothing else (see
 * {@link Targets#selectedEnsembles()}); its first parameter is the {@link io.warden.compat.harness.Target}.
 * Its class must carry {@code @EnabledIf("io.warden.compat.harness.Targets#anyEnsembleSelected")}
 * so that a run selecting no ensemble skips it rather than failing on zero arguments.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("io.warden.compat.harness.Targets#selectedEnsembles")
public @interface EnsembleTest {}
