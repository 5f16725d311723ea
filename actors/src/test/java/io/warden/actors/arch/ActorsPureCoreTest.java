package io.warden.actors.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The node's rules live in pure cores beside their actor shells (DESIGN.md section 4, ADR 0002):
 * election, ZAB's discovery/sync/broadcast rules, watches, session expiry and ids, per-session ordering, reads, reply building and the
 * four-letter formats take time and state as arguments. They import no Pekko or Scala, start no
 * threads, read no clock and no system property, so they can be driven step by step in tests.
 */
@AnalyzeClasses(packages = "io.warden.actors", importOptions = ImportOption.DoNotIncludeTests.class)
class ActorsPureCoreTest {
    private static final Set<String> CORES = Set.of(
            "io.warden.actors.session.SessionExpiry",
            "io.warden.actors.session.SessionIds",
            "io.warden.actors.session.SessionPasswords",
            "io.warden.actors.session.RequestQueue",
            "io.warden.actors.session.ReadHandler",
            "io.warden.actors.session.WriteReplies",
            "io.warden.actors.request.WriteOps",
            "io.warden.actors.request.DeletionPacer",
            "io.warden.actors.admin.WordFormats");

    private static final DescribedPredicate<JavaClass> PURE_CORE = DescribedPredicate.describe("a pure core",
            c -> c.getPackageName().equals("io.warden.actors.watch")
                    || c.getPackageName().equals("io.warden.actors.election")
                    || c.getPackageName().equals("io.warden.actors.zab")
                    || CORES.contains(c.getName())
                    || c.getEnclosingClass().map(e -> CORES.contains(e.getName())).orElse(false));

    @ArchTest
    static final ArchRule noPekkoOrScala = noClasses().that(PURE_CORE).should().dependOnClassesThat()
            .resideInAnyPackage("org.apache.pekko..", "scala..");

    @ArchTest
    static final ArchRule noThreadsOrClocks = noClasses().that(PURE_CORE).should().dependOnClassesThat()
            .areAssignableTo(Thread.class)
            .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
            .orShould().dependOnClassesThat().areAssignableTo(java.time.Clock.class)
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime");

    @ArchTest
    static final ArchRule noEnvironment = noClasses().that(PURE_CORE).should()
            .callMethod(System.class, "getProperty", String.class)
            .orShould().callMethod(System.class, "getProperty", String.class, String.class)
            .orShould().callMethod(System.class, "getenv", String.class);
}
