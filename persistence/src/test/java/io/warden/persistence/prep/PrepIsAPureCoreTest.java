package io.warden.persistence.prep;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Request preparation is a pure core (DESIGN.md section 4): no actors or Scala, no threads, no
 * clock, no system property or environment, no I/O. Time, zxids and settings are inputs.
 */
@AnalyzeClasses(packages = "io.warden.persistence.prep", importOptions = ImportOption.DoNotIncludeTests.class)
class PrepIsAPureCoreTest {

    @ArchTest
    static final ArchRule noActorsOrScala = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.apache.pekko..", "akka..", "scala..");

    @ArchTest
    static final ArchRule noThreads = noClasses().should().dependOnClassesThat().areAssignableTo(Thread.class)
            .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..");

    @ArchTest
    static final ArchRule noClockOrEnvironment = noClasses().should().dependOnClassesThat().resideInAPackage("java.time..")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(System.class, "getProperty", String.class)
            .orShould().callMethod(System.class, "getProperty", String.class, String.class)
            .orShould().callMethod(System.class, "getenv", String.class)
            .orShould().callMethod(Long.class, "getLong", String.class)
            .orShould().callMethod(Boolean.class, "getBoolean", String.class);

    @ArchTest
    static final ArchRule noIo = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("java.io..", "java.nio.file..", "java.nio.channels..", "java.net..");
}
