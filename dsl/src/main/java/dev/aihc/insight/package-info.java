/**
 * What a job's logs and replies are read into: why it is where it is ({@link dev.aihc.insight.Explanation}),
 * whether it would fit its queue ({@link dev.aihc.insight.Preflight}), how far it is
 * ({@link dev.aihc.insight.Progress}), the values it prints ({@link dev.aihc.insight.Series}) and why it
 * failed ({@link dev.aihc.insight.Diagnosis}, {@link dev.aihc.insight.FailureCause}), with the readers that
 * make them. The client ({@code dev.aihc.client}) hands each reader a {@link dev.aihc.insight.JobLookup}
 * for the calls it needs and returns the answers from {@code Run}; the readers need nothing else of the
 * client, so they can be tested on log text alone. {@link dev.aihc.insight.Answers},
 * {@link dev.aihc.insight.JobLookup} and {@link dev.aihc.insight.FollowedProgress} are the client's way in,
 * not API.
 */
package dev.aihc.insight;
