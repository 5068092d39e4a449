/**
 * Where credentials and settings are read from, not API: the system properties, the environment and the
 * home directory, seen through {@link dev.aihc.internal.credentials.ConfigSources} so tests can supply
 * their own. The sources built on them (and {@code ~/.aihc/profiles}, refused unless private) live beside
 * {@code CredentialsProvider} in {@code dev.aihc.client}, whose factories are the public way in: they
 * make the client's credentials and throw its exceptions, so this package needs nothing of the client.
 */
package dev.aihc.internal.credentials;
