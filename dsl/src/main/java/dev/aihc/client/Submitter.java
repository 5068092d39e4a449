package dev.aihc.client;

import dev.aihc.dsl.Job;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import dev.aihc.wire.CreateJobResult;
import dev.aihc.wire.JobItem;
import dev.aihc.internal.http.Scope;
import dev.aihc.internal.http.Transport;

/**
 * CreateJob without duplicates. CreateJob has no client token, so every submission carries a label
 * with a fresh id; after an unclear failure (timeout, connection lost after sending, 5xx) the job is
 * looked up by name and that label before anything is sent again. A submission that finally fails
 * without knowing is remembered by the job's value, and the next submit of an equal job reconciles first.
 */
final class Submitter {
  private static final String SUBMISSION_LABEL = JobItem.SUBMISSION_LABEL;

  private final AihcClient client;
  private final Map<Job, String> pending = new ConcurrentHashMap<>();

  Submitter(AihcClient client) {
    this.client = client;
  }

  /** Jobs whose last submission ended without knowing whether they were created. */
  int pendingCount() {
    return pending.size();
  }

  Run submit(Job job, Scope scope) {
    String submissionId = pending.get(job);
    if (submissionId != null) {
      Optional<JobItem> created = find(job, submissionId, scope);
      if (created.isPresent()) {
        pending.remove(job);
        return new Run(client, created.get().jobId(), job.name(), scope);
      }
    } else {
      submissionId = UUID.randomUUID().toString();
    }
    Job labelled = job.label(SUBMISSION_LABEL, submissionId);
    byte[] body = Transport.body(labelled.toCompactJson());
    RetryPolicy retries = client.calls().retries();
    for (int attempt = 0; ; attempt++) {
      RuntimeException failure;
      boolean unclear;
      try {
        CreateJobResult result = client.calls().once("CreateJob", scope, body, AihcClient.type(CreateJobResult.class));
        pending.remove(job);
        return new Run(client, result.jobId(), job.name(), scope);
      } catch (AihcServiceException e) {
        if (!e.isRetryable()) {
          pending.remove(job);
          throw e;
        }
        failure = e;
        unclear = e.statusCode() >= 500;
      } catch (AihcTransportException e) {
        failure = e;
        unclear = e.maybeSent();
      } catch (AihcInterruptedException e) {
        pending.put(job, submissionId); // it may have gone out: the next submit looks it up first
        throw e;
      }
      if (unclear) {
        Optional<JobItem> created;
        try {
          created = find(job, submissionId, scope);
        } catch (AihcInterruptedException e) {
          pending.put(job, submissionId);
          throw e;
        } catch (RuntimeException lookupFailed) {
          pending.put(job, submissionId);
          throw undecided(job, failure, lookupFailed);
        }
        if (created.isPresent()) {
          pending.remove(job);
          return new Run(client, created.get().jobId(), job.name(), scope);
        }
      }
      if (attempt >= retries.maxRetries()) {
        pending.remove(job); // known not created: the last lookup found nothing or nothing was sent
        throw failure;
      }
      try {
        Calls.sleep(retries.delayBefore(attempt + 1), "CreateJob retry");
      } catch (AihcInterruptedException e) {
        if (unclear) pending.put(job, submissionId);
        throw e;
      }
    }
  }

  /** The job created by submission {@code submissionId}, looked up by name then label. */
  private Optional<JobItem> find(Job job, String submissionId, Scope scope) {
    return client.jobs(scope, JobQuery.ALL.name(job.name()))
        .filter(item -> job.name().equals(item.name()))
        .filter(item -> submissionId.equals(labelOf(item, scope)))
        .findFirst();
  }

  /** The submission label of a listed job; fetched in full when the listing leaves labels out. */
  private String labelOf(JobItem item, Scope scope) {
    Optional<String> label = item.label(SUBMISSION_LABEL);
    if (label.isPresent() || !item.labels().isEmpty()) return label.orElse(null);
    return client.describeJob(scope, item.jobId(), false).label(SUBMISSION_LABEL).orElse(null);
  }

  private static AihcTransportException undecided(Job job, RuntimeException failure, RuntimeException lookup) {
    AihcTransportException e = new AihcTransportException("CreateJob", true, new java.io.IOException(
        "CreateJob for '" + job.name() + "' failed (" + failure.getMessage() + ") and looking the job up failed too ("
            + lookup.getMessage() + "); it may or may not exist. Submit the same job again on this client: it looks "
            + "the job up first and does not create a duplicate", failure));
    e.addSuppressed(lookup);
    return e;
  }
}
