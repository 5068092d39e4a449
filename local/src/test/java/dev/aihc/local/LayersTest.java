package dev.aihc.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The engine's packages stand in layers that only import downward, as the package documentation of
 * {@code dev.aihc.local} draws them: a newcomer reads the architecture from the tree, and an import that
 * runs back up fails here, naming the class and the line.
 */
@AnalyzeClasses(packages = "dev.aihc.local", importOptions = ImportOption.DoNotIncludeTests.class)
final class LayersTest {
  private static final String ROOT = "dev.aihc.local";
  private static final String INTERNAL = ROOT + ".internal.";

  @ArchTest
  static final ArchRule layersOnlyPointDown = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("Root").definedBy(ROOT)
      .layer("Api").definedBy(INTERNAL + "api..")
      .layer("Engine").definedBy(INTERNAL + "engine..")
      .layer("Sched").definedBy(INTERNAL + "sched..")
      .layer("Policy").definedBy(INTERNAL + "policy..")
      .layer("Store").definedBy(INTERNAL + "store..")
      .layer("Replica").definedBy(INTERNAL + "replica..")
      .layer("Logs").definedBy(INTERNAL + "logs..")
      .layer("Config").definedBy(INTERNAL + "config..")
      .layer("Storage").definedBy(INTERNAL + "storage..")
      .layer("Core").definedBy(INTERNAL + "core..")
      .whereLayer("Root").mayNotBeAccessedByAnyLayer()
      .whereLayer("Api").mayOnlyBeAccessedByLayers("Root")
      .whereLayer("Engine").mayOnlyBeAccessedByLayers("Root", "Api")
      .whereLayer("Sched").mayOnlyBeAccessedByLayers("Root", "Api", "Engine")
      .whereLayer("Policy").mayOnlyBeAccessedByLayers("Root", "Api", "Engine")
      .whereLayer("Store").mayOnlyBeAccessedByLayers("Root", "Api", "Engine", "Sched", "Policy")
      .whereLayer("Replica").mayOnlyBeAccessedByLayers("Root", "Api", "Engine", "Sched", "Policy")
      .whereLayer("Logs").mayOnlyBeAccessedByLayers("Root", "Api", "Engine", "Sched", "Policy")
      .whereLayer("Config").mayOnlyBeAccessedByLayers("Root", "Api", "Engine", "Sched", "Policy", "Store", "Replica",
          "Logs")
      .whereLayer("Storage").mayOnlyBeAccessedByLayers("Root", "Api", "Engine", "Sched", "Policy", "Store", "Replica",
          "Logs", "Config")
      .whereLayer("Core").mayOnlyBeAccessedByLayers("Root", "Api", "Engine", "Sched", "Policy", "Store", "Replica",
          "Logs", "Storage");

  /** HTTP stays in api: the rooms below refuse with EngineException, which api alone maps to a status. */
  @ArchTest
  static final ArchRule nothingBelowTheApiImportsIt = noClasses()
      .that().resideInAPackage(ROOT + ".internal..").and().resideOutsideOfPackage(INTERNAL + "api..")
      .should().dependOnClassesThat().resideInAPackage(INTERNAL + "api..");

  @ArchTest
  static final ArchRule noCyclesBetweenPackages = slices().assignedFrom(new EachPackage()).should().beFreeOfCycles();

  /** Every package of the module its own slice, the root package too. */
  private static final class EachPackage implements SliceAssignment {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      String p = c.getPackageName();
      return p.equals(ROOT) || p.startsWith(ROOT + ".") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
      return "the packages of the local module";
    }
  }
}
