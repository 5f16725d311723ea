package io.warden.persistence.journal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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

    /** Imports only the module's own compiled classes: scanning the classpath takes seconds. */
    private static JavaClasses importMainClasses() {
        try {
            Path classes = Path.of(FileJournal.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new ClassFileImporter().importPath(classes).that(JavaClass.Predicates.resideInAnyPackage(
                    "io.warden.persistence.journal..", "io.warden.persistence.snapstore.."));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
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
