package io.warden.compat.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A test body that runs once per selected target (see {@link Targets}); its first parameter
 * is the {@link io.warden.compat.harness.Target}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("io.warden.compat.harness.Targets#selected")
public @interface CompatTest {}
