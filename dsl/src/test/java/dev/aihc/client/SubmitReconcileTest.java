package dev.aihc.client;

import static dev.aihc.client.FakeAihc.error;
import static dev.aihc.client.FakeAihc.hangUp;
import static dev.aihc.client.FakeAihc.jobItem;
import static dev.aihc.client.FakeAihc.jobList;
import static dev.aihc.client.FakeAihc.ok;
import static dev.aihc.client.FakeAihc.stall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aihc.dsl.InvalidJobException;
import dev.aihc.dsl.Job;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CreateJob has no idempotency token: an unclear failure is settled by looking the job up by name and
 * submission label, never by sending CreateJob blindly again.
 */
@Timeout(15)
final class SubmitReconcileTest {
  private static final String LABEL = "aihc-dsl/submission-id";
  private static final Job JOB = Job.named("bert-sft").queue("default")
      .image("registry.baidubce.com/aihc/pytorch:2.1").replicas(2).command("torchrun train.py");

  @StartStop private final MockWebServer server = FakeAihc.newServer();
  private final FakeAihc fake = FakeAihc.on(server);

  /** A client whose read timeout ends a stalled CreateJob quickly. */
  private AihcClient client() {
    return FakeAihc.client(server).readTimeout(Duration.ofMillis(300)).build();
  }

  /** The submission label of the {@code i}-th CreateJob received. */
  private String submissionId(int i) {
    return fake.received("CreateJob").get(i).body().path("labels").findValuesAsText("value").stream()
        .reduce((a, b) -> b).orElseThrow();
  }

  /** The job listed as the service would list the one CreateJob number {@code i} created. */
  private String createdItem(String jobId, int i) {
    return "{\"jobId\":\"" + jobId + "\",\"name\":\"bert-sft\",\"status\":\"Created\",\"labels\":["
        + "{\"key\":\"aijob.cce.baidubce.com/create-from-aihcp-api\",\"value\":\"true\"},"
        + "{\"key\":\"" + LABEL + "\",\"value\":\"" + submissionId(i) + "\"}]}";
  }

  private static MockResponse created(String jobId) {
    return ok("{\"requestId\":\"r\",\"jobId\":\"" + jobId + "\",\"jobName\":\"bert-sft\"}");
  }

  @Test
  void givenCreatedButAnswerTimesOut_whenSubmit_thenFindsTheJobByNameAndLabelWithoutResending() {
    // given
    fake.next("CreateJob", stall());
    fake.always("DescribeJobs", r -> ok(jobList(2, jobItem("job-other", "bert-sft-2", "Running"),
        createdItem("job-created1", 0))));

    // when
    Run run = client().submit(JOB);

    // then
    assertThat(run.id()).isEqualTo("job-created1");
    assertThat(fake.actions()).containsExactly("CreateJob", "DescribeJobs");
    assertThat(fake.received("DescribeJobs").get(0).body().path("keywordType").asText()).isEqualTo("name");
    assertThat(fake.received("DescribeJobs").get(0).body().path("keyword").asText()).isEqualTo("bert-sft");
  }

  @Test
  void givenListingWithoutLabels_whenReconciling_thenDescribeJobReadsTheLabel() {
    // given
    fake.next("CreateJob", stall());
    fake.always("DescribeJobs", ok(jobList(1, jobItem("job-created1", "bert-sft", "Created"))));
    fake.always("DescribeJob", r -> ok(createdItem("job-created1", 0)));

    // when
    Run run = client().submit(JOB);

    // then
    assertThat(run.id()).isEqualTo("job-created1");
    assertThat(fake.actions()).containsExactly("CreateJob", "DescribeJobs", "DescribeJob");
    assertThat(fake.received("DescribeJob").get(0).body().path("jobId").asText()).isEqualTo("job-created1");
  }

  @Test
  void givenConnectionDroppedAfterCreateJobOnAPooledConnection_whenSubmit_thenLooksUpInsteadOfResending() {
    // given: an earlier call leaves a kept-alive connection that CreateJob reuses
    AihcClient client = client();
    fake.next("DescribeJob", ok(jobItem("job-0", "warm", "Running")));
    client.describeJob("job-0", false);
    fake.next("CreateJob", hangUp()).next("CreateJob", created("job-duplicate"));
    fake.always("DescribeJobs", r -> ok(jobList(1, createdItem("job-created1", 0))));

    // when
    Run run = client.submit(JOB);

    // then
    assertThat(run.id()).isEqualTo("job-created1");
    assertThat(fake.received("CreateJob")).hasSize(1);
  }

  @Test
  void givenUnavailableBeforeCreation_whenSubmit_thenLooksUpFindsNothingAndResendsOnceWithTheSameLabel() {
    // given
    fake.next("CreateJob", error(503, "ServiceUnavailable", "busy", "r-503")).next("CreateJob", created("job-new"));
    fake.always("DescribeJobs", ok(jobList(0)));

    // when
    Run run = client().submit(JOB);

    // then
    assertThat(run.id()).isEqualTo("job-new");
    assertThat(fake.actions()).containsExactly("CreateJob", "DescribeJobs", "CreateJob");
    assertThat(submissionId(1)).isEqualTo(submissionId(0));
  }

  @Test
  void givenSameNameJobOfAnotherSubmission_whenReconciling_thenItIsNotTakenForOurs() {
    // given
    fake.next("CreateJob", stall()).next("CreateJob", created("job-ours"));
    fake.always("DescribeJobs", ok(jobList(1, "{\"jobId\":\"job-old\",\"name\":\"bert-sft\",\"status\":\"Running\","
        + "\"labels\":[{\"key\":\"" + LABEL + "\",\"value\":\"an-earlier-submission\"}]}")));

    // when
    Run run = client().submit(JOB);

    // then
    assertThat(run.id()).isEqualTo("job-ours");
    assertThat(fake.received("CreateJob")).hasSize(2);
  }

  @Test
  void givenThrottled_whenSubmit_thenResentWithoutLookup() {
    // given: 429 means the request was refused, not carried out
    fake.next("CreateJob", error(429, "TooManyRequests", "slow down", "r-429")).next("CreateJob", created("job-new"));

    // when
    Run run = client().submit(JOB);

    // then
    assertThat(run.id()).isEqualTo("job-new");
    assertThat(fake.actions()).containsExactly("CreateJob", "CreateJob");
  }

  @Test
  void givenRejected_whenSubmit_thenNoRetryNoLookupAndTheServiceError() {
    // given
    fake.next("CreateJob", error(400, "InvalidParam", "jobSpec.image not found", "r-400"));

    // when
    AihcServiceException e = catchThrowableOfType(AihcServiceException.class, () -> client().submit(JOB));

    // then
    assertThat(e.errorCode()).isEqualTo("InvalidParam");
    assertThat(e.requestId()).contains("r-400");
    assertThat(fake.actions()).containsExactly("CreateJob");
  }

  @Test
  void givenAlwaysUnavailableAndNothingCreated_whenSubmit_thenGivesUpAfterTheRetriesWithTheServiceError() {
    // given
    fake.always("CreateJob", error(503, "ServiceUnavailable", "busy", "r-503"));
    fake.always("DescribeJobs", ok(jobList(0)));

    // when
    AihcServiceException e = catchThrowableOfType(AihcServiceException.class, () -> client().submit(JOB));

    // then
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(fake.received("CreateJob")).hasSize(4);
    assertThat(fake.received("DescribeJobs")).hasSize(4);
  }

  @Test
  void givenCreateTimesOutAndLookupFails_whenSubmitTwice_thenFirstThrowsAndSecondReturnsTheEarlierJobWithoutCreate() {
    // given
    AihcClient client = client();
    fake.next("CreateJob", stall());
    fake.always("DescribeJobs", error(500, "InternalError", "lookup down", "r-500"));

    // when
    AihcTransportException first = catchThrowableOfType(AihcTransportException.class, () -> client.submit(JOB));
    fake.always("DescribeJobs", r -> ok(jobList(1, createdItem("job-created1", 0))));
    Run second = client.submit(Job.named("bert-sft").queue("default")
        .image("registry.baidubce.com/aihc/pytorch:2.1").replicas(2).command("torchrun train.py"));

    // then
    assertThat(first.maybeSent()).isTrue();
    assertThat(first.getMessage()).contains("CreateJob for 'bert-sft' failed").contains("looking the job up failed too")
        .contains("Submit the same job again on this client");
    assertThat(second.id()).isEqualTo("job-created1");
    assertThat(fake.received("CreateJob")).hasSize(1);
  }

  @Test
  void givenUndecidedSubmitThatWasNotCreated_whenSubmittedAgain_thenSendsWithTheSameLabel() {
    // given
    AihcClient client = client();
    fake.next("CreateJob", stall()).next("CreateJob", created("job-2"));
    fake.next("DescribeJobs", error(403, "AccessDenied", "lookup refused", "r-403"));
    catchThrowableOfType(AihcTransportException.class, () -> client.submit(JOB));
    fake.always("DescribeJobs", ok(jobList(0)));

    // when
    Run run = client.submit(JOB);

    // then
    assertThat(run.id()).isEqualTo("job-2");
    assertThat(fake.received("CreateJob")).hasSize(2);
    assertThat(submissionId(1)).isEqualTo(submissionId(0));
  }

  @Test
  void givenKnownSuccess_whenTheSameJobIsSubmittedAgain_thenANewJobWithANewSubmissionLabel() {
    // given
    AihcClient client = client();
    fake.next("CreateJob", created("job-1")).next("CreateJob", created("job-2"));
    Run first = client.submit(JOB);

    // when
    Run second = client.submit(JOB);

    // then
    assertThat(List.of(first.id(), second.id())).containsExactly("job-1", "job-2");
    assertThat(fake.actions()).containsExactly("CreateJob", "CreateJob");
    assertThat(submissionId(1)).isNotEqualTo(submissionId(0));
  }

  @Test
  void givenSubmitInterruptedWhileCreateJobHangs_whenSubmittedAgain_thenReconcilesInsteadOfCreatingADuplicate()
      throws Exception {
    // given
    AihcClient client = FakeAihc.client(server).readTimeout(Duration.ofSeconds(20)).build();
    fake.next("CreateJob", stall());
    CallOnThread call = CallOnThread.start(() -> client.submit(JOB));
    while (fake.received("CreateJob").isEmpty()) Thread.sleep(5);
    call.thread().interrupt();
    call.join(Duration.ofSeconds(2));
    fake.always("DescribeJobs", r -> ok(jobList(1, createdItem("job-created1", 0))));

    // when
    Run run = client.submit(JOB);

    // then
    assertThat(call.failure()).isInstanceOf(AihcInterruptedException.class);
    assertThat(call.interruptedAfter()).isTrue();
    assertThat(run.id()).isEqualTo("job-created1");
    assertThat(fake.received("CreateJob")).hasSize(1);
  }

  @Test
  void givenLocalEngineMoved_whenSubmit_thenEndpointIsReadAgainAndCreateJobSentOnceWithoutLookup() {
    // given: the first endpoint refuses connections, so nothing was sent there
    AtomicInteger reads = new AtomicInteger();
    String dead = "http://127.0.0.1:1";
    String live = server.url("/").toString();
    fake.next("CreateJob", created("job-local"));
    AihcClient client = FakeAihc.client(server).endpoint(() -> reads.getAndIncrement() == 0 ? dead : live).build();

    // when
    Run run = client.submit(JOB);

    // then
    assertThat(run.id()).isEqualTo("job-local");
    assertThat(fake.actions()).containsExactly("CreateJob");
    assertThat(reads.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void givenInvalidJob_whenSubmit_thenEveryProblemIsListedAndNothingIsSent() {
    // given
    Job bad = Job.named("Bert_SFT").replicas(2);

    // when
    InvalidJobException e = catchThrowableOfType(InvalidJobException.class, () -> client().submit(bad));

    // then
    assertThat(e.problems().errors()).hasSizeGreaterThanOrEqualTo(3); // its queue is the client's
    assertThat(e.getMessage()).startsWith("job 'Bert_SFT' has " + e.problems().errors().size() + " errors and was "
        + "not submitted:").contains("name must be lower-case")
        .containsIgnoringCase("image").containsIgnoringCase("command");
    assertThat(server.getRequestCount()).isZero();
  }
}
