package dev.aihc.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class JobJsonTest {

  @Test
  void givenSpecFullExample_whenComposedWithDsl_thenJsonEqualsSpec() throws Exception {
    // given
    String spec = Fixtures.resource("spec-3.4-full.json");
    // when
    String ours = Fixtures.specFullJob().toJson();
    // then
    assertThat(Fixtures.comparable(ours)).isEqualTo(Fixtures.comparable(spec));
  }

  @Test
  void givenSpecFullExample_whenReadBack_thenEqualsComposedJobWithoutProblems() {
    // when
    Job read = Job.fromJson(Fixtures.resource("spec-3.4-full.json"));
    // then
    assertThat(read).isEqualTo(Fixtures.specFullJob());
    assertThat(read.validate().isEmpty()).as(read.validate().toString()).isTrue();
  }

  @Test
  void givenFaultToleranceFlagsInAnotherOrder_whenRead_thenSameTypedForm() {
    Job a = Fixtures.valid().faultToleranceArgs("--max-num-of-unconditional-retry=2 --enable-replace=true");
    Job b = Fixtures.valid().faultTolerance(ft -> ft.replace().unconditionalRetries(2));
    assertThat(a).isEqualTo(b);
    assertThat(a.toCompactJson()).contains("\"faultToleranceArgs\":\"--enable-replace=true --max-num-of-unconditional-retry=2\"");
  }

  @Test
  void givenSeedExample_whenImported_thenAliasesMappedWithOneWarningEach() {
    // when
    Job seed = Job.fromJson(Fixtures.resource("seed-example.json"));
    // then
    assertThat(seed.queue()).isEqualTo("default");
    assertThat(seed.datasources()).hasSize(1);
    assertThat(seed.datasources().get(0).name()).isEqualTo("pfs-pxE6jz");
    assertThat(seed.datasources().get(0).mountPath()).isEqualTo("/mnt/cluster");
    assertThat(seed.envs()).extracting(EnvVar::name).containsExactly("NCCL_DEBUG", "NCCL_IB_DISABLE");
    assertThat(seed.isRdma()).isTrue();
    Problems problems = seed.validate();
    assertThat(problems.errors()).isEmpty();
    assertThat(problems.warnings()).extracting(Problem::field).containsExactlyInAnyOrder("queueId", "datasource");
    assertThat(problems.toString()).contains("'queueId'").contains("'datasource'").contains("Write 'queue'");
  }

  @Test
  void givenImportedJob_whenComparedWithSameJobComposed_thenWarningsTakeNoPartInEquals() {
    Job seed = Job.fromJson(Fixtures.resource("seed-example.json"));
    Job reread = Job.fromJson(seed.toJson());
    assertThat(reread).isEqualTo(seed);
    assertThat(reread.validate().warnings()).isEmpty();
    assertThat(seed.toJson()).contains("\"datasources\"").doesNotContain("queueId").doesNotContain("\"datasource\"");
  }

  @Test
  void givenUnsetOptionalFields_whenWritten_thenLeftOutNeverNull() throws Exception {
    JsonNode tree = Fixtures.MAPPER.readTree(Fixtures.valid().toJson());
    assertThat(tree.toString()).doesNotContain("null");
    assertThat(tree.fieldNames()).toIterable().containsExactly("name", "queue", "jobType", "command", "jobSpec");
    assertThat(tree.get("jobType").asText()).isEqualTo("PyTorchJob");
    assertThat(tree.get("jobSpec").fieldNames()).toIterable().containsExactly("image", "replicas");
  }

  @Test
  void givenPool_whenWritten_thenNotInBody() {
    assertThat(Fixtures.valid().pool("cce-1uji3ib5").toJson()).doesNotContain("cce-1uji3ib5");
  }

  @Test
  void givenWrongType_whenRead_thenErrorNamesLineColumnAndField() {
    String json = "{\"name\": \"x\",\n  \"jobSpec\": {\n    \"replicas\": \"two\"}}";
    assertThatThrownBy(() -> Job.fromJson(json))
        .isInstanceOfSatisfying(JobJsonException.class, e -> {
          assertThat(e.line()).isEqualTo(3);
          assertThat(e.column()).isEqualTo(17);
          assertThat(e.field()).isEqualTo("jobSpec.replicas");
        })
        .hasMessage("cannot read job JSON at line 3, column 17 (field jobSpec.replicas): "
            + "must be a whole number but was the string \"two\"");
  }

  @Test
  void givenWrongTypeInsideArray_whenRead_thenFieldPathHasIndex() {
    String json = "{\"name\": \"x\", \"jobSpec\": {\"resources\": [{\"name\": \"cpu\", \"quantity\": 1},\n"
        + "{\"name\": \"memory\", \"quantity\": \"lots\"}]}}";
    assertThatThrownBy(() -> Job.fromJson(json))
        .isInstanceOfSatisfying(JobJsonException.class, e -> {
          assertThat(e.field()).isEqualTo("jobSpec.resources[1].quantity");
          assertThat(e.line()).isEqualTo(2);
        });
  }

  @Test
  void givenBrokenJson_whenRead_thenErrorNamesLineAndColumn() {
    assertThatThrownBy(() -> Job.fromJson("{\"name\": \"x\",\n \"queue\": }"))
        .isInstanceOfSatisfying(JobJsonException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.column()).isEqualTo(11);
          assertThat(e.field()).isEqualTo("queue");
        })
        .hasMessageStartingWith("cannot read job JSON at line 2, column 11 (field queue): ");
  }

  @Test
  void givenUnknownPriority_whenRead_thenErrorNamesAllowedValues() {
    assertThatThrownBy(() -> Job.fromJson("{\"name\": \"x\", \"priority\": \"urgent\"}"))
        .isInstanceOf(JobJsonException.class)
        .hasMessageContaining("field priority").hasMessageContaining("high, normal or low");
  }

  @Test
  void givenUnknownField_whenRead_thenWarningNamesIt() {
    Job job = Job.fromJson("{\"name\": \"x\", \"queue\": \"q\", \"jobSpec\": {\"gpuCount\": 8}, \"colour\": \"red\"}");
    assertThat(job.validate().warnings()).extracting(Problem::field).containsExactlyInAnyOrder("jobSpec.gpuCount", "colour");
  }

  @Test
  void givenResponseSpelling_whenRead_thenJobTypeAccepted() {
    assertThat(Job.fromJson("{\"name\": \"x\", \"jobType\": \"pytorch\"}").jobType()).isEqualTo(JobType.PYTORCH);
  }

  @Test
  void givenFractionalQuantity_whenRoundTripped_thenNumberKept() {
    Job job = Fixtures.valid().cpu(0.5).memory(1.5);
    assertThat(job.toCompactJson()).contains("{\"name\":\"cpu\",\"quantity\":0.5}");
    assertThat(Job.fromJson(job.toJson())).isEqualTo(job);
  }

  @Test
  void givenDataset_whenWritten_thenIdAndVersionInOptions() {
    Job job = Fixtures.valid().dataset("ds-1", "v3", "/mnt/ds");
    assertThat(job.toCompactJson()).contains(
        "{\"type\":\"dataset\",\"id\":\"ds-1\",\"mountPath\":\"/mnt/ds\",\"options\":{\"datasetVersion\":\"v3\"}}");
    assertThat(Job.fromJson(job.toJson())).isEqualTo(job);
  }

  @Test
  void givenRetentionDuration_whenWritten_thenLargestWholeUnit() {
    assertThat(Fixtures.valid().retention(Duration.ofHours(48)).retentionPeriod()).contains("2d");
    assertThat(Fixtures.valid().retention(Duration.ofMinutes(90)).retentionPeriod()).contains("90m");
    assertThat(Fixtures.valid().retention(Duration.ofHours(5)).retentionPeriod()).contains("5h");
  }

  @Test
  void givenBodyShapedLikeThePythonSdks_whenRead_thenAcceptedWithOneWarningPerAlias() {
    // given: what bce-sdk-python sends: its sample's empty retentionPeriod, quantities as strings, its
    // models' hostPath spelling, explicit nulls for everything unset
    Job job = Job.fromJson(Fixtures.resource("sdk-python-create-job.json"));
    // then
    assertThat(job.retentionPeriod()).isEmpty();
    assertThat(job.resources()).extracting(r -> r.quantity().toPlainString()).containsExactly("8", "0.5");
    assertThat(job.datasources()).singleElement().satisfies(d -> {
      assertThat(d.type()).isEqualTo("hostpath");
      assertThat(d.name()).isNull();
    });
    assertThat(job.isBccl()).isFalse();
    assertThat(job.isFaultTolerance()).isFalse();
    Problems problems = job.validate();
    assertThat(problems.errors()).isEmpty();
    assertThat(problems.warnings()).extracting(Problem::field).containsExactlyInAnyOrder("retentionPeriod",
        "jobSpec.resources[0].quantity", "jobSpec.resources[1].quantity", "datasources[0].type");
    assertThat(problems.toString()).contains("read as the number 8").contains("read as 'hostpath'")
        .contains("read as unset");
  }

  @Test
  void givenSdkAliases_whenWrittenBack_thenWireSpellingAndNumbers() throws Exception {
    Job job = Job.fromJson(Fixtures.resource("sdk-python-create-job.json"));
    JsonNode tree = Fixtures.MAPPER.readTree(job.toJson());
    assertThat(tree.at("/jobSpec/resources/0/quantity").isNumber()).isTrue();
    assertThat(tree.at("/datasources/0/type").asText()).isEqualTo("hostpath");
    assertThat(tree.has("retentionPeriod")).isFalse();
    assertThat(Job.fromJson(job.toJson()).validate().warnings()).isEmpty();
  }

  @Test
  void givenQuantityStringThatIsNoNumber_whenRead_thenErrorAsForAnyOtherType() {
    assertThatThrownBy(() -> Job.fromJson("{\"name\": \"x\", \"jobSpec\": {\"resources\": "
        + "[{\"name\": \"cpu\", \"quantity\": \"8 cores\"}]}}"))
        .isInstanceOf(JobJsonException.class)
        .hasMessageContaining("field jobSpec.resources[0].quantity")
        .hasMessageContaining("must be a number but was the string \"8 cores\"");
  }

  @Test
  void givenUnknownDatasourceTypeInAnyCase_whenRead_thenKeptForTheValidatorToName() {
    Job job = Job.fromJson("{\"name\": \"x\", \"datasources\": [{\"type\": \"nfs\", \"mountPath\": \"/m\"}]}");
    assertThat(job.datasources().get(0).type()).isEqualTo("nfs");
    assertThat(job.validate().errors()).extracting(Problem::field).contains("datasources[0].type");
  }
}
