package io.warden.persistence.replica;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The replica log's pure core (state, events, DIFF source) and the dump tool stay free of Pekko, clocks and threads. */
class ReplicaArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.warden.persistence.replica", "io.warden.persistence.dump");

    @Test
    void theStateEventsAndCodecImportNoPekkoClockOrThreads() {
        noClasses().that().haveSimpleNameStartingWith("ReplicaState")
                .or().haveSimpleNameStartingWith("ReplicaEvent")
                .or().haveSimpleNameStartingWith("SnapshotPolicy")
                .or().haveSimpleNameStartingWith("AppliedTxn")
                .or().haveSimpleNameStartingWith("AppliedView")
                .or().haveSimpleNameStartingWith("ReplicaSnapshot")
                .or().haveSimpleNameStartingWith("DiffSource")
                .or().haveSimpleNameStartingWith("DiffPolicy")
                .or().haveSimpleNameStartingWith("CommittedWindow")
                .or().haveSimpleNameStartingWith("JournalTxn")
                .or().haveSimpleNameStartingWith("TxnsAfter")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "scala..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "getProperty", String.class)
                .check(CLASSES);
    }

    @Test
    void theDumpToolNeedsNoActorSystem() {
        noClasses().that().resideInAPackage("io.warden.persistence.dump")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..")
                .check(CLASSES);
    }
}
