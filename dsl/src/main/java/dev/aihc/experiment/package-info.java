/**
 * Working with several runs at once: {@link dev.aihc.experiment.Runs#compare} puts runs side by side
 * ({@link dev.aihc.experiment.Comparison}), a {@link dev.aihc.experiment.Sweep} submits a variant per
 * combination of values and waits for them all ({@link dev.aihc.experiment.SweepResult}). A room of its own
 * because it is built on the client's public API alone (submit, describe, a run's series) and the client
 * never calls it: it sits above {@code dev.aihc.client} and {@code dev.aihc.insight}, and shows its results
 * as the {@code dev.aihc.view} tables and charts.
 */
package dev.aihc.experiment;
