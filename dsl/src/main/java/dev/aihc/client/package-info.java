/**
 * Talking to AIHC: {@link dev.aihc.client.Credentials} and where they come from
 * ({@link dev.aihc.client.CredentialsProvider}), BCE v1 request signing
 * ({@link dev.aihc.client.BceSigner}, {@link dev.aihc.client.SigningInterceptor}) and the errors a
 * remote call can end in ({@link dev.aihc.client.AihcServiceException},
 * {@link dev.aihc.client.AihcTransportException}).
 */
package dev.aihc.client;
