/**
 * Talking to AIHC: {@link dev.aihc.client.AihcClient} (built once per endpoint), the
 * {@link dev.aihc.client.Run} of a submitted job and its {@link dev.aihc.client.JobResult},
 * {@link dev.aihc.client.Credentials} and where they come from ({@link dev.aihc.client.CredentialsProvider}),
 * where {@code follow()} and {@code await()} write ({@link dev.aihc.client.OutputSink}),
 * {@link dev.aihc.client.RetryPolicy}, and the errors a remote call can end in
 * ({@link dev.aihc.client.AihcServiceException}, {@link dev.aihc.client.AihcTransportException}). A run's
 * helpers share one job handle and poll through one loop. The answers it returns are the records of
 * {@code dev.aihc.wire}; what a run's logs and replies are read into is in {@code dev.aihc.insight}, charts
 * and tables in {@code dev.aihc.view}, runs compared and sweeps (built on this package) in
 * {@code dev.aihc.experiment}; signing and transport are in {@code dev.aihc.internal.*}.
 */
package dev.aihc.client;
