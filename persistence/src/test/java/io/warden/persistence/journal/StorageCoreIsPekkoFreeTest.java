package io.warden.persistence.journal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.warden.persistence.snapstore.FileSnapshotStore;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Only the two plugin classes may touch Pekko (or Scala); the log and snapshot files stay plain Java. */
class StorageCoreIsPekkoFreeTest {

    private static final JavaClasses CLASSES = importMainClasses();

    /**
     * Imports only the module's own compiled classes, leaving their dependencies as name-only
     * stubs (the rule needs only their package): scanning the classpath and resolving Pekko and
     * Scala takes seconds.
     */
    private static JavaClasses importMainClasses() {
        ArchConfiguration archConfig = ArchConfiguration.get();
        boolean resolve = archConfig.resolveMissingDependenciesFromClassPath();
        archConfig.setResolveMissingDependenciesFromClassPath(false);
        try {
            Path classes = Path.of(FileJournal.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new ClassFileImporter().importPath(classes).that(JavaClass.Predicates.resideInAnyPackage(
                    "io.warden.persistence.journal..", "io.warden.persistence.snapstore.."));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } finally {
            archConfig.setResolveMissingDependenciesFromClassPath(resolve);
        }
    }

    @Test
    void onlyThePluginClassesDependOnPekko() {
        noClasses().that().doNotHaveFullyQualifiedName(FileJournal.class.getName())
                .and().doNotHaveFullyQualifiedName(FileSnapshotStore.class.getName())
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "scala..")
                .check(CLASSES);
    }
}
