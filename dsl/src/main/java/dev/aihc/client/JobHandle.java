package dev.aihc.client;

import dev.aihc.insight.JobLookup;
import dev.aihc.internal.http.Scope;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobLogs;
import dev.aihc.wire.JobStatus;
import dev.aihc.wire.QueueItem;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** One submitted job as the client reaches it: what the readers of {@code dev.aihc.insight} look up, over the API. */
final class JobHandle implements JobLookup {
  private final AihcClient client;
  private final Scope scope;
  private final String id;

  JobHandle(AihcClient client, Scope scope, String id) {
    this.client = client;
    this.scope = scope;
    this.id = id;
  }

  @Override
  public JobItem job(boolean withPods) {
    return client.describeJob(scope, id, withPods);
  }

  @Override
  public List<JobEvent> events() {
    return client.describeJobEvents(scope, id, null, null).events();
  }

  @Override
  public List<JobEvent> podEvents(String podName) {
    return client.describePodEvents(scope, id, podName, null, null).events();
  }

  @Override
  public void log(String podName, Consumer<String> lines) {
    new LogFollower.Cursor().drain(client, scope, id, podName, lines);
  }

  @Override
  public JobLogs logPage(String podName, String marker, int maxLines, Instant startTime) {
    return client.describeJobLogs(scope, LogRequest.of(id, podName).marker(marker).maxLines(maxLines)
        .window(startTime, null));
  }

  @Override
  public Scope scope() {
    return scope;
  }

  @Override
  public QueueItem queue(Scope queue) {
    return client.describeQueue(queue);
  }

  @Override
  public List<JobItem> jobs(Scope queue, JobStatus status) {
    return client.jobs(queue, JobQuery.ALL.status(status).queue(queue.queue())).toList();
  }

  @Override
  public Instant now() {
    return client.clock().instant();
  }
}
