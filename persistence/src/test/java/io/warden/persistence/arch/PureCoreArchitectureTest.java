package io.warden.persistence.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The state machine is a pure core (DESIGN.md section 4): txn, tree, request preparation and
 * snapshot import no actor or Scala code, start no threads, read no clock, environment or system
 * property. The tree and request preparation do no I/O at all.
 */
@AnalyzeClasses(packages = {"io.warden.persistence.txn", "io.warden.persistence.tree", "io.warden.persistence.prep",
        "io.warden.persistence.snapshot"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class PureCoreArchitectureTest {

    @ArchTest
    static final ArchRule noPekkoOrScala = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.apache.pekko..", "scala..", "akka..");

    @ArchTest
    static final ArchRule noThreads = noClasses().should().dependOnClassesThat().areAssignableTo(Thread.class)
            .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
            .orShould().dependOnClassesThat().areAssignableTo(java.util.Timer.class);

    @ArchTest
    static final ArchRule noClocks = noClasses().should().dependOnClassesThat().areAssignableTo(java.time.Clock.class)
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethodWhere(target(name("now"))
                    .and(target(owner(describe("a java.time type", c -> c.getPackageName().equals("java.time"))))));

    @ArchTest
    static final ArchRule noEnvironment = noClasses().should().callMethod(System.class, "getProperty", String.class)
            .orShould().callMethod(System.class, "getProperty", String.class, String.class)
            .orShould().callMethod(System.class, "getenv", String.class)
            .orShould().callMethod(System.class, "getenv")
            .orShould().callMethod(Long.class, "getLong", String.class)
            .orShould().callMethod(Integer.class, "getInteger", String.class)
            .orShould().callMethod(Boolean.class, "getBoolean", String.class);

    @ArchTest
    static final ArchRule treeDoesNoIo = noClasses().that().resideInAnyPackage("io.warden.persistence.tree..",
                    "io.warden.persistence.prep..")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.nio.channels..", "java.net..");

    @ArchTest
    static final ArchRule layers = noClasses().that().resideInAPackage("io.warden.persistence.txn..")
            .should().dependOnClassesThat().resideInAnyPackage("io.warden.persistence.tree..", "io.warden.persistence.snapshot..")
            .orShould().dependOnClassesThat().resideInAnyPackage("io.warden.persistence.snapshot..");
}
