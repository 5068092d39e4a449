package dev.aihc.bench;

import com.fasterxml.jackson.databind.JavaType;
import dev.aihc.internal.signing.BceSigner;
import dev.aihc.client.Credentials;
import dev.aihc.wire.JobList;
import dev.aihc.internal.json.Json;
import dev.aihc.dsl.Fixtures;
import dev.aihc.dsl.Job;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The four JMH figures of BENCHMARKS.md: compose + validate + toJson of the spec 3.4 job, fromJson of
 * it, signing one CreateJob request, and parsing a DescribeJobs page of 100 JobItems.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CoreBenchmarks {
  private String specJson;
  private byte[] describeJobs;
  private JavaType jobListType;
  private Credentials credentials;
  private Map<String, String> query;
  private Map<String, String> headers;
  private Instant timestamp;

  /** Builds the inputs once. */
  @Setup
  public void setUp() {
    specJson = Fixtures.specFullJob().toJson();
    describeJobs = describeJobsPage(100).getBytes(StandardCharsets.UTF_8);
    jobListType = Json.mapper().getTypeFactory().constructType(JobList.class);
    credentials = Credentials.of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    query = new LinkedHashMap<>();
    query.put("action", "CreateJob");
    query.put("resourcePoolId", "cce-1uji3ib5");
    query.put("queueID", "default");
    headers = new LinkedHashMap<>();
    headers.put("Host", "aihc.bj.baidubce.com");
    headers.put("Content-Type", "application/json");
    headers.put("Content-Length", String.valueOf(specJson.length()));
    headers.put("x-bce-date", "2026-08-19T03:04:05Z");
    headers.put("X-API-Version", "v2");
    timestamp = Instant.parse("2026-08-19T03:04:05Z");
  }

  static String describeJobsPage(int n) {
    StringBuilder s = new StringBuilder("{\"requestId\":\"679dfe4a-7df0-4030-be01-ae4f87eeb458\",\"totalCount\":")
        .append(n).append(",\"jobs\":[");
    for (int i = 0; i < n; i++) {
      if (i > 0) s.append(',');
      s.append("{\"jobId\":\"job-uVuy2Onhe").append(String.format("%03d", i)).append("\",\"name\":\"api-0513-")
          .append(i).append("\",\"status\":\"Running\",\"userId\":\"7f0e2a1b3c4d5e6f\",")
          .append("\"createdAt\":\"2026-05-13T08:00:00Z\",\"finishedAt\":\"\",\"jobType\":\"pytorch\",")
          .append("\"resourcePoolId\":\"cce-1uji3ib5\",\"queueId\":\"default\",\"command\":\"sleep 1d\",")
          .append("\"priority\":\"normal\",\"labels\":[{\"key\":\"aijob.cce.baidubce.com/create-from-aihcp-api\",")
          .append("\"value\":\"true\"}],\"jobSpec\":{\"image\":\"registry.baidubce.com/aihc-aiak/aiak-megatron:v1\",")
          .append("\"replicas\":1,\"resources\":[{\"name\":\"baidu.com/a800_80g_cgpu\",\"quantity\":8}],")
          .append("\"envs\":[{\"name\":\"NCCL_DEBUG\",\"value\":\"INFO\"}],\"enableRDMA\":true},")
          .append("\"datasources\":[{\"type\":\"pfs\",\"name\":\"pfs-pxE6jz\",\"mountPath\":\"/mnt/cluster\"}],")
          .append("\"jobTimeLine\":[{\"conditionType\":\"Created\",\"time\":\"2026-05-13T08:00:00Z\"},")
          .append("{\"conditionType\":\"Running\",\"time\":\"2026-05-13T08:01:00Z\"}]}");
    }
    return s.append("]}").toString();
  }

  /** Compose + validate + toJson of the spec 3.4 job (target ≤ 20 µs). */
  @Benchmark
  public String composeValidateToJson() {
    Job job = Fixtures.specFullJob();
    if (job.validate().hasErrors()) throw new IllegalStateException("spec job must be valid");
    return job.toJson();
  }

  /** Job.fromJson of the spec 3.4 body (target ≤ 20 µs). */
  @Benchmark
  public Job fromJson() {
    return Job.fromJson(specJson);
  }

  /** Signing one CreateJob request (target ≤ 2.5 µs). */
  @Benchmark
  public String signCreateJob() {
    return BceSigner.sign(credentials, "POST", "/", query, headers, timestamp, 1800, null);
  }

  /** Parsing a DescribeJobs page of 100 JobItems without pods (target ≤ 300 µs). */
  @Benchmark
  public JobList parseDescribeJobs100() throws java.io.IOException {
    return Json.mapper().readValue(describeJobs, jobListType);
  }
}
