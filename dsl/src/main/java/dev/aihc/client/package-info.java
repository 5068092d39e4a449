/**
 * Talking to AIHC: {@link dev.aihc.client.AihcClient} (built once per endpoint), the
 * {@link dev.aihc.client.Run} of a submitted job and its {@link dev.aihc.client.JobResult},
 * {@link dev.aihc.client.Credentials} and where they come from ({@link dev.aihc.client.CredentialsProvider}),
 * where progress goes ({@link dev.aihc.client.OutputSink}), {@link dev.aihc.client.RetryPolicy}, and the
 * errors a remote call can end in ({@link dev.aihc.client.AihcServiceException},
 * {@link dev.aihc.client.AihcTransportException}). The answers it returns are the records of
 * {@code dev.aihc.wire}, and what a run's logs and replies are read into is in {@code dev.aihc.insight};
 * signing, transport and the credential files are in {@code dev.aihc.internal.*}.
 */
package dev.aihc.client;
