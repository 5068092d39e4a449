package dev.aihc.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One case per rule: the problem lands on the right field, with the right severity, and names the fix. */
final class JobValidationTest {

  static Stream<Arguments> rules() {
    return Stream.of(
        rule("name upper case", () -> Fixtures.valid().name("Bert_SFT"), Severity.ERROR, "name", "bert-sft"),
        rule("name starts with digit", () -> Fixtures.valid().name("1job"), Severity.ERROR, "name", "Use a name like"),
        rule("name too long", () -> Fixtures.valid().name("a".repeat(51)), Severity.ERROR, "name", "Shorten it"),
        rule("name ends with dash", () -> Fixtures.valid().name("job-"), Severity.ERROR, "name", "Use a name like \"job\""),
        rule("queue missing", () -> Job.named("x").image("r/i:1").command("c"), Severity.ERROR, "queue", ".queue(\"default\")"),
        rule("image missing", () -> Job.named("x").queue("q").command("c"), Severity.ERROR, "jobSpec.image", ".image("),
        rule("image without tag", () -> Fixtures.valid().image("registry.baidubce.com:5000/x/pytorch"), Severity.ERROR,
            "jobSpec.image", "registry.baidubce.com:5000/x/pytorch:1.0"),
        rule("image auth without password", () -> Fixtures.valid().imageAuth("robot", ""), Severity.ERROR,
            "jobSpec.imageConfig", "AIHC_IMAGE_PASSWORD"),
        rule("replicas zero", () -> Fixtures.valid().replicas(0), Severity.ERROR, "jobSpec.replicas", "replicas(1)"),
        rule("command blank", () -> Fixtures.valid().command("   "), Severity.ERROR, "command", ".command("),
        rule("queue with ESC", () -> Fixtures.valid().queue("default\u001b]0;x\u0007"), Severity.ERROR, "queue",
            "Remove it"),
        rule("image with a C1 control", () -> Fixtures.valid().image("r/i:1\u009b2J"), Severity.ERROR, "jobSpec.image",
            "Remove it"),
        rule("command with ESC", () -> Fixtures.valid().command("echo hi\u001b[2J"), Severity.ERROR, "command",
            "Remove it"),
        rule("quantity zero", () -> Fixtures.valid().cpu(0), Severity.ERROR, "jobSpec.resources[0].quantity", "positive quantity"),
        rule("fractional gpu", () -> Job.fromJson("{\"name\":\"x\",\"queue\":\"q\",\"command\":\"c\",\"jobSpec\":{\"image\":\"i:1\","
            + "\"resources\":[{\"name\":\"baidu.com/a800_80g_cgpu\",\"quantity\":0.5}]}}"), Severity.ERROR,
            "jobSpec.resources[0].quantity", "whole n"),
        rule("two gpu models", () -> Job.fromJson("{\"name\":\"x\",\"queue\":\"q\",\"command\":\"c\",\"jobSpec\":{\"image\":\"i:1\","
            + "\"resources\":[{\"name\":\"baidu.com/a800_80g_cgpu\",\"quantity\":8},{\"name\":\"baidu.com/xpu\",\"quantity\":8}]}}"),
            Severity.ERROR, "jobSpec.resources", "one gpus(...)"),
        rule("env name invalid", () -> Fixtures.valid().env("1BAD NAME", "v"), Severity.ERROR, "jobSpec.envs[0].name", "_BAD_NAME"),
        rule("env twice", () -> Fixtures.valid().env("A", "1").env("A", "2"), Severity.ERROR, "jobSpec.envs[1].name", "Keep one env(\"A\""),
        rule("env value with NUL", () -> Fixtures.valid().env("A", "x\0y"), Severity.ERROR, "jobSpec.envs[0].value",
            "Remove the \\0"),
        rule("command with NUL", () -> Fixtures.valid().command("echo a\0b"), Severity.ERROR, "command", "Remove the \\0"),
        rule("env injected by platform", () -> Fixtures.valid().env("WORLD_SIZE", "4"), Severity.WARNING,
            "jobSpec.envs[0].name", "platform's value wins"),
        rule("job id injected by platform", () -> Fixtures.valid().env("AIHC_JOB_ID", "job-1"), Severity.WARNING,
            "jobSpec.envs[0].name", "platform's value wins"),
        rule("GPUs injected by platform", () -> Fixtures.valid().env("CUDA_VISIBLE_DEVICES", "0,1"),
            Severity.WARNING, "jobSpec.envs[0].name", "platform's value wins"),
        rule("label key invalid", () -> Fixtures.valid().label("-team", "nlp"), Severity.ERROR, "labels[0].key", "example.com/team"),
        rule("label prefix invalid", () -> Fixtures.valid().label("Example.COM/team", "nlp"), Severity.ERROR, "labels[0].key", "example.com/team"),
        rule("label twice", () -> Fixtures.valid().label("team", "a").label("team", "b"), Severity.ERROR, "labels[1].key", "Keep one label"),
        rule("label value invalid", () -> Fixtures.valid().label("team", "n l p"), Severity.ERROR, "labels[0].value", "\"nlp\""),
        rule("mount path relative", () -> Fixtures.valid().pfs("pfs-1", "mnt/cluster"), Severity.ERROR,
            "datasources[0].mountPath", "\"/mnt/cluster\""),
        rule("mount path root", () -> Fixtures.valid().hostPath("/data", "/"), Severity.ERROR, "datasources[0].mountPath", "below the root"),
        rule("mount path twice", () -> Fixtures.valid().pfs("pfs-1", "/mnt/a").bos("b/p", "/mnt/a/"), Severity.ERROR,
            "datasources[1].mountPath", "its own mount path"),
        rule("mount path missing", () -> Fixtures.valid().datasource(d -> d.type("pfs").name("pfs-1")), Severity.ERROR,
            "datasources[0].mountPath", "\"/mnt/data\""),
        rule("datasource type unknown", () -> Fixtures.valid().datasource(d -> d.type("nfs").mountPath("/mnt/n")), Severity.ERROR,
            "datasources[0].type", "pfs(...)"),
        rule("pfs without name", () -> Fixtures.valid().datasource(d -> d.type("pfs").mountPath("/mnt/n")), Severity.ERROR,
            "datasources[0].name", "pfs(\"pfs-xxxx\""),
        rule("hostpath relative source", () -> Fixtures.valid().hostPath("data", "/mnt/d"), Severity.ERROR,
            "datasources[0].sourcePath", "hostPath(\"/data/ckpt\""),
        rule("dataset without id", () -> Fixtures.valid().datasource(d -> d.type("dataset").mountPath("/mnt/d")), Severity.ERROR,
            "datasources[0].id", "dataset(\"ds-xxxx\""),
        rule("fault tolerance on TFJob", () -> Fixtures.valid().jobType(JobType.TENSORFLOW).faultTolerance(ft -> ft.replace()),
            Severity.ERROR, "faultTolerance", "jobType(JobType.PYTORCH)"),
        rule("non-PyTorch job type", () -> Fixtures.valid().jobType(JobType.MPI), Severity.WARNING, "jobType", "PyTorchJob"),
        rule("hang flags without hang detection", () -> Fixtures.valid().faultTolerance(ft -> ft.logTimeout(Duration.ofMinutes(5))),
            Severity.ERROR, "faultToleranceArgs", "ft.hangDetection(logTimeout"),
        rule("retries above 3", () -> Fixtures.valid().faultTolerance(ft -> ft.unconditionalRetries(4)), Severity.ERROR,
            "faultToleranceArgs", "unconditionalRetries(3)"),
        rule("unknown fault-tolerance flag", () -> Fixtures.valid().faultToleranceArgs("--enable-replace=true --retry-forever=yes"),
            Severity.ERROR, "faultToleranceArgs", "--max-num-of-unconditional-retry"),
        rule("malformed fault-tolerance value", () -> Fixtures.valid().faultToleranceArgs("--max-num-of-unconditional-retry=two"),
            Severity.ERROR, "faultToleranceArgs", "--flag=value"),
        rule("args without fault tolerance", () -> Job.fromJson("{\"name\":\"x\",\"queue\":\"q\",\"command\":\"c\",\"jobSpec\":"
            + "{\"image\":\"i:1\"},\"faultToleranceArgs\":\"--enable-replace=true\"}"), Severity.WARNING, "faultToleranceArgs",
            "faultTolerance(ft -> ...)"),
        rule("alert item unknown", () -> Fixtures.valid().alert(a -> a.alertItem("jobExploded")), Severity.ERROR,
            "alertConfig.alertItems[0]", "jobFailed"),
        rule("alert with no items", () -> Fixtures.valid().alert(a -> a.instanceId("cprom-1")), Severity.WARNING,
            "alertConfig.alertItems", "AlertItem.JOB_FAILED"),
        rule("retention format", () -> Fixtures.valid().retention("7 days"), Severity.ERROR, "retentionPeriod",
            "retention(Duration.ofDays(7))"),
        rule("retention zero", () -> Fixtures.valid().retention(Duration.ZERO), Severity.ERROR, "retentionPeriod", "Duration.ofDays"),
        rule("host network on serverless", () -> Fixtures.valid().serverless("aihcq-1").hostNetwork(), Severity.ERROR,
            "jobSpec.hostNetwork", "pool(\"cce-...\")"),
        rule("tensorboard relative path", () -> Fixtures.valid().tensorboard("tb"), Severity.ERROR, "tensorboardConfig.logPath",
            "tensorboard(\"/mnt/cluster/tb\")"),
        rule("bccl single replica", () -> bcclReady().replicas(1), Severity.WARNING, "enableBccl", "replicas >= 2"),
        rule("bccl partial machine", () -> bcclReady().gpus(Gpu.A800, 4), Severity.WARNING, "enableBccl", "8 A800 GPUs"),
        rule("bccl without rdma", () -> bcclReady().rdma(false), Severity.WARNING, "enableBccl", ".rdma()"),
        rule("bccl on other gpu", () -> bcclReady().gpus(Gpu.H800, 8), Severity.WARNING, "enableBccl", "gpus(Gpu.A800, 8)"));
  }

  private static Job bcclReady() {
    return Fixtures.valid().replicas(2).gpus(Gpu.A800, 8).rdma().bccl();
  }

  private static Arguments rule(String name, Supplier<Job> job, Severity severity, String field, String fixContains) {
    return Arguments.of(name, job, severity, field, fixContains);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void givenJobBreakingOneRule_whenValidated_thenOneProblemOnThatFieldWithFix(
      String rule, Supplier<Job> job, Severity severity, String field, String fixContains) {
    // when
    Problems problems = job.get().validate();
    // then
    // a non-PyTorch job type always carries its own jobType warning besides the rule under test
    List<Problem> others = problems.stream()
        .filter(x -> !x.field().equals("jobType") || field.equals("jobType")).toList();
    assertThat(others).as(problems.toString()).hasSize(1);
    Problem p = others.get(0);
    assertThat(p.severity()).isEqualTo(severity);
    assertThat(p.field()).isEqualTo(field);
    assertThat(p.fix()).contains(fixContains);
    assertThat(p.toString()).startsWith(severity + " " + field + ": ");
  }

  @Test
  void givenValidJob_whenValidated_thenNoProblems() {
    assertThat(Fixtures.valid().validate().isEmpty()).isTrue();
    assertThat(Fixtures.valid().validate()).hasToString("no problems");
  }

  @Test
  void givenJobWithoutPoolOrResources_whenValidated_thenValid() {
    Job job = Fixtures.valid();
    assertThat(job.pool()).isEmpty();
    assertThat(job.resources()).isEmpty();
    assertThat(job.validate().isValid()).isTrue();
  }

  @Test
  void givenBcclWithAllConditionsMet_whenValidated_thenNoWarning() {
    assertThat(bcclReady().validate().isEmpty()).isTrue();
  }

  @Test
  void givenBcclWithNothingMet_whenValidated_thenEachConditionNamed() {
    Problems problems = Fixtures.valid().bccl().validate();
    assertThat(problems.errors()).isEmpty();
    assertThat(problems.warnings()).hasSize(4);
    assertThat(problems.toString()).contains("replicas >= 2").contains("8-GPU machine").contains("RDMA").contains("A800");
  }

  @Test
  void givenManyProblems_whenValidated_thenAllReportedErrorsFirstOnePerLine() {
    // given
    Job job = Job.named("Bad").replicas(0).env("WORLD_SIZE", "1").cpu(0).bccl();
    // when
    Problems problems = job.validate();
    // then
    List<String> lines = List.of(problems.toString().split("\n"));
    assertThat(lines).hasSize(problems.size());
    assertThat(problems.errors()).extracting(Problem::field)
        .containsExactly("name", "queue", "jobSpec.image", "jobSpec.replicas", "command", "jobSpec.resources[0].quantity");
    assertThat(lines.get(0)).startsWith("ERROR name: ");
    assertThat(lines.get(lines.size() - 1)).startsWith("WARNING ");
    assertThat(problems.about("jobSpec.resources")).hasSize(1);
  }

  @Test
  void givenProblem_whenPrinted_thenMessageThenFix() {
    Problem p = Problem.error("jobSpec.replicas", "replicas must be >= 1 but was 0", "Use replicas(1) for a single-node job");
    assertThat(p).hasToString("ERROR jobSpec.replicas: replicas must be >= 1 but was 0. Use replicas(1) for a single-node job.");
  }

  @Test
  void givenControlCharactersInAJob_whenValidated_thenTheMessageWritesThemAsTheSourceDoesAndHoldsNone() {
    Problems problems = Fixtures.valid().name("job\u001b]0;x\u0007").command("echo hi\u009b2J").validate();

    assertThat(problems.about("name").get(0).message()).contains("but was 'job\\u001b]0;x\\u0007'");
    assertThat(problems.about("command").get(0).message())
        .contains("contains the control character \\u009b at 7: 'echo hi\\u009b2J'");
    assertThat(problems.toString()).doesNotContain("\u001b", "\u0007", "\u009b");
  }
}
