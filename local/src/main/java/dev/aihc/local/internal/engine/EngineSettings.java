package dev.aihc.local.internal.engine;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What the engine's config says about running jobs, defaults resolved.
 *
 * @param logCapBytes the most a replica's log keeps
 * @param clock the engine's clock
 * @param grace how long a stopped replica has between SIGTERM and SIGKILL
 * @param retention how long finished jobs are kept (zero: for ever)
 * @param minute how long one minute of job-stated time lasts ({@code faultToleranceArgs},
 *     {@code retentionPeriod}, {@code alertConfig.for})
 * @param alertWebhook where alerts are POSTed, when set
 * @param tensorboardCommand the TensorBoard executable
 */
public record EngineSettings(long logCapBytes, Clock clock, Duration grace, Duration retention, Duration minute,
    Optional<URI> alertWebhook, String tensorboardCommand) {}
