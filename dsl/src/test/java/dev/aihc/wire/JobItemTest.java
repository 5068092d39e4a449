package dev.aihc.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aihc.dsl.Gpu;
import dev.aihc.dsl.Job;
import dev.aihc.dsl.Priority;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import dev.aihc.wire.JobStatus;
import dev.aihc.internal.json.Json;

final class JobItemTest {

  @Test
  void givenDescribeJobAnswerCarryingTheBody_whenToJob_thenTheSubmittedJobWithoutPlatformLabels() throws Exception {
    // given: what DescribeJob answers for a submitted job (the local engine echoes every CreateJob field)
    Job submitted = Job.named("bert-sft").queue("default").pool("cce-1").image("r/x:1").replicas(2)
        .gpus(Gpu.A800, 8).rdma().bccl().priority(Priority.HIGH).label("team", "nlp")
        .pfs("pfs-1", "/mnt/cluster").faultTolerance(ft -> ft.replace().unconditionalRetries(2))
        .tensorboard("/mnt/cluster/tb").retention(Duration.ofDays(7)).command("torchrun train.py");
    ObjectNode answer = (ObjectNode) Json.mapper().readTree(submitted.label(JobItem.SUBMISSION_LABEL, "u-1").toJson());
    answer.put("jobId", "job-abcdefghijkl").put("status", "Running").put("jobType", "pytorch")
        .put("resourcePoolId", "cce-1").put("queueId", answer.get("queue").asText()).remove("queue");
    answer.withArray("labels").addObject().put("key", "aijob.cce.baidubce.com/ai-user-id").put("value", "u");
    // when
    JobItem item = Json.mapper().readValue(answer.toString(), JobItem.class);
    // then
    assertThat(item.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(item.toJob()).isEqualTo(submitted);
  }

  @Test
  void givenCloudAnswerWithoutOptionalFields_whenToJob_thenWhatIsThere() throws Exception {
    String answer = "{\"jobId\":\"job-1\",\"name\":\"api-0513-2\",\"status\":\"Succeeded\",\"jobType\":\"pytorch\","
        + "\"queueId\":\"default\",\"command\":\"sleep 1d\",\"priority\":\"normal\",\"labels\":[],"
        + "\"jobSpec\":{\"image\":\"r/x:1\",\"replicas\":1},\"resourcePoolId\":\"cce-1\",\"someNewField\":1}";
    Job job = Json.mapper().readValue(answer, JobItem.class).toJob();
    assertThat(job).isEqualTo(Job.named("api-0513-2").queue("default").pool("cce-1").image("r/x:1")
        .priority(Priority.NORMAL).command("sleep 1d"));
  }
}
