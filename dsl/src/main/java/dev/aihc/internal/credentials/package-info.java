/**
 * Where credentials and settings are read from, not API: the system properties, the environment and
 * {@code ~/.aihc/profiles} ({@link dev.aihc.internal.credentials.ProfileFile}, refused unless private),
 * seen through {@link dev.aihc.internal.credentials.ConfigSources} so tests can supply their own.
 * {@code CredentialsProvider}'s factories are the public way in.
 */
package dev.aihc.internal.credentials;
