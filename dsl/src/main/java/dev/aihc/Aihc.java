package dev.aihc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.client.AihcClient;
import dev.aihc.client.AihcSettings;
import dev.aihc.client.CredentialsNotFoundException;
import dev.aihc.client.CredentialsProvider;
import dev.aihc.client.Wire;
import dev.aihc.dsl.AihcException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a session's jobs go: the AIHC cloud, or the local engine that speaks the same API.
 *
 * <pre>{@code
 * AihcClient aihc = Aihc.connect();   // the cloud when credentials and a pool are configured, else local
 * AihcClient cloud = Aihc.cloud();    // region, pool, queue and keys from the settings and credentials chain
 * AihcClient local = Aihc.local();    // the local engine in ~/.aihc/local (AIHC_LOCAL_HOME)
 * }</pre>
 */
public final class Aihc {
  /** The local engine's pool; it answers to any pool id. */
  public static final String LOCAL_POOL = "local";
  /** The local engine's default queue. */
  public static final String LOCAL_QUEUE = "default";

  private Aihc() {}

  /**
   * The cloud, configured by {@link AihcSettings} (region, pool, queue) and the default credentials
   * chain.
   *
   * @throws AihcException listing what is missing
   */
  public static AihcClient cloud() {
    AihcSettings settings = AihcSettings.resolve();
    String region = settings.region().orElseThrow(() -> new AihcException(
        "no AIHC region is configured: set AIHC_REGION (bj, gz, su, bd, fwh, yq), the system property "
            + "aihc.region, or region in profile [" + settings.profileName() + "] of ~/.aihc/profiles"));
    return cloud(region, settings.pool().orElse(null), settings.queue().orElse(null));
  }

  /** The cloud in {@code region} with default pool and queue, keys from the default credentials chain. */
  public static AihcClient cloud(String region, String pool, String queue) {
    Objects.requireNonNull(region, "region");
    return AihcClient.builder().region(region).pool(pool).queue(queue)
        .credentials(CredentialsProvider.defaultChain()).build();
  }

  /** The local engine of the default home: {@code AIHC_LOCAL_HOME}, else {@code ~/.aihc/local}. */
  public static AihcClient local() {
    return local(localHome());
  }

  /**
   * The local engine whose home is {@code home}: its URL from {@code endpoint.json} (re-read when a
   * connection fails, so a restarted engine is found again), its keys from {@code credentials}.
   *
   * @throws AihcException when no engine has run in that home, saying how to start one
   */
  public static AihcClient local(Path home) {
    Objects.requireNonNull(home, "home");
    Path endpoint = home.resolve("endpoint.json");
    if (!Files.exists(endpoint)) {
      throw new AihcException("no local engine has run in " + home + " (no endpoint.json). Start one with "
          + "./aihc local start" + (home.equals(localHome()) ? "" : " --home " + home));
    }
    return AihcClient.builder().endpoint(() -> readUrl(endpoint))
        .credentials(CredentialsProvider.profile(home.resolve("credentials"), "local"))
        .pool(LOCAL_POOL).queue(LOCAL_QUEUE).build();
  }

  /**
   * The cloud when credentials and a pool are configured ({@link AihcSettings}, the credentials chain),
   * otherwise the local engine.
   */
  public static AihcClient connect() {
    if (cloudConfigured()) return cloud();
    return local();
  }

  /** Whether the settings name a pool and a region and the credentials chain finds keys. */
  public static boolean cloudConfigured() {
    AihcSettings settings = AihcSettings.resolve();
    if (settings.pool().isEmpty() || settings.region().isEmpty()) return false;
    try {
      CredentialsProvider.defaultChain().resolve();
      return true;
    } catch (CredentialsNotFoundException e) {
      return false;
    }
  }

  /** {@code AIHC_LOCAL_HOME}, else {@code ~/.aihc/local}. */
  public static Path localHome() {
    String env = System.getenv("AIHC_LOCAL_HOME");
    if (env != null && !env.isBlank()) return Path.of(env);
    return Path.of(System.getProperty("user.home"), ".aihc", "local");
  }

  private static String readUrl(Path endpoint) {
    try {
      JsonNode node = Wire.mapper().readTree(Files.readAllBytes(endpoint));
      String url = node.path("url").asText("");
      if (url.isEmpty()) throw new AihcException(endpoint + " has no url; restart the engine with ./aihc local start");
      return url;
    } catch (IOException e) {
      throw new AihcException("cannot read " + endpoint + ": " + e.getMessage(), e);
    }
  }
}
