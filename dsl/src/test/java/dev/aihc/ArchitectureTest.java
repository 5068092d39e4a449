package dev.aihc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dsl module's packages point down. From the bottom:
 *
 * <pre>
 *   dsl                              the job model, its JSON and its duration text: the JDK and Jackson only
 *   internal.json, internal.time, internal.text   the client's Jackson settings, elapsed time, terminal-safe text
 *   wire                             the v2 answers as records
 *   view                             Chart and Table: values that show themselves, nothing of the product
 *   insight                          what logs and replies are read into (why, progress, series, diagnosis)
 *   internal.http, internal.signing, internal.credentials
 *                                    the wire, BCE signing (of a SigningKey), where settings are read from
 *   client                           the client, Run, waiting and following, credentials, sinks, errors
 *   experiment                       runs compared, sweeps: the client's public API only
 *   dev.aihc, internal.local/shell/cli   the entry points: Aihc, the local engine's launcher, the shell, the CLI
 * </pre>
 *
 * No package takes part in a cycle: the transport hands back answers as they came and the client makes
 * its exceptions of them, and signing takes a SigningKey, which the client's Credentials is.
 */
@AnalyzeClasses(packages = "dev.aihc", importOptions = ImportOption.DoNotIncludeTests.class)
final class ArchitectureTest {

  @ArchTest
  static final ArchRule noCyclesBetweenPackages = slices().matching("dev.(**)").namingSlices("$1")
      .should().beFreeOfCycles();

  /** The job model stands on its own: it is read, written and checked without the client or any internal. */
  @ArchTest
  static final ArchRule theJobModelKnowsNoClient = classes().that().resideInAPackage("dev.aihc.dsl..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("dev.aihc.dsl..", "java..", "com.fasterxml.jackson..");

  @ArchTest
  static final ArchRule theWireKnowsNoClient = noClasses().that().resideInAPackage("dev.aihc.wire..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.aihc.client..", "dev.aihc.insight..",
          "dev.aihc.experiment..", "dev.aihc.view..");

  @ArchTest
  static final ArchRule viewsKnowNothingOfTheProduct = noClasses().that().resideInAPackage("dev.aihc.view..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.aihc.dsl..", "dev.aihc.wire..", "dev.aihc.client..",
          "dev.aihc.insight..", "dev.aihc.experiment..", "dev.aihc.internal..");

  @ArchTest
  static final ArchRule insightReadsWithoutTheClient = noClasses().that().resideInAPackage("dev.aihc.insight..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.aihc.client..", "dev.aihc.experiment..",
          "dev.aihc.internal.http..", "dev.aihc.internal.signing..", "dev.aihc.internal.credentials..");

  @ArchTest
  static final ArchRule theClientCallsNoExperiment = noClasses().that().resideInAPackage("dev.aihc.client..")
      .should().dependOnClassesThat().resideInAPackage("dev.aihc.experiment..");
}
