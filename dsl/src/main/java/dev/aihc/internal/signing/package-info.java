/**
 * BCE v1 request signing, not API: {@link dev.aihc.internal.signing.BceSigner} signs and verifies
 * (the client signs every request through {@link dev.aihc.internal.signing.SigningInterceptor}, the
 * local engine verifies with the same code), {@link dev.aihc.internal.signing.CanonicalRequest} builds
 * what is signed and {@link dev.aihc.internal.signing.AuthorizationHeader} reads and writes the header.
 * It signs with a {@link dev.aihc.internal.signing.SigningKey}, which the client's {@code Credentials} is,
 * so it needs nothing of the client. Checked against the official SDKs' known answers (test resource
 * {@code bce-sign-vectors.jsonl}).
 */
package dev.aihc.internal.signing;
