package dev.aihc;

import dev.aihc.client.AihcClient;
import dev.aihc.client.AihcSettings;
import dev.aihc.client.CredentialsNotFoundException;
import dev.aihc.client.CredentialsProvider;
import dev.aihc.dsl.AihcException;
import dev.aihc.internal.local.EngineClassPath;
import dev.aihc.internal.local.Endpoint;
import dev.aihc.internal.local.EngineDaemon;
import dev.aihc.internal.local.EngineSockets;
import dev.aihc.internal.local.LocalHome;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where a session's jobs go: the AIHC cloud, or the local engine that speaks the same API.
 *
 * <pre>{@code
 * AihcClient aihc = Aihc.connect();   // the cloud when credentials and a pool are configured, else local
 * AihcClient cloud = Aihc.cloud();    // region, pool, queue and keys from the settings and credentials chain
 * AihcClient local = Aihc.local();    // the local engine in ~/.aihc/local (AIHC_LOCAL_HOME), started if needed
 * AihcClient later = Aihc.lazy();     // as connect(), connecting on first use (the startup script's aihc)
 * }</pre>
 */
public final class Aihc {
  /** The local engine's pool; it answers to any pool id. */
  public static final String LOCAL_POOL = LocalHome.POOL;
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
    return cloudBuilder(region, pool, queue).build();
  }

  private static AihcClient.Builder cloudBuilder(String region, String pool, String queue) {
    Objects.requireNonNull(region, "region");
    return AihcClient.builder().region(region).pool(pool).queue(queue).credentials(CredentialsProvider.defaultChain());
  }

  /**
   * The local engine of the default home ({@code AIHC_LOCAL_HOME}, else {@code ~/.aihc/local}), started
   * when none runs; see {@link #local(Path, Consumer)}.
   */
  public static AihcClient local() {
    return local(localHome());
  }

  /**
   * The local engine of {@code home}, started when none runs; that it is starting goes to standard
   * output (ordinary output in a notebook, not an error).
   */
  public static AihcClient local(Path home) {
    return local(home, Aihc::toStandardOutput);
  }

  /**
   * The local engine whose home is {@code home}. When none answers there, this starts one in the
   * background from the product jars next to this one (detached: it and its jobs outlive this JVM),
   * tells {@code progress} ({@code "starting the local engine in ~/.aihc/local…"}) and waits for it, at
   * most a minute. Of two clients starting at once, one starts it and both use it. The client signs
   * with the home's keys and re-reads {@code endpoint.json} when a connection fails, so it keeps working
   * when the engine restarts, on another port too.
   *
   * @throws AihcException when the engine cannot be found or does not come up, with the end of its log
   */
  public static AihcClient local(Path home, Consumer<String> progress) {
    AihcClient client = lazyLocal(home, progress);
    client.endpoint(); // starts the engine now, and resolves its URL so that toString() shows it
    return client;
  }

  /**
   * What {@link #connect()} gives, connecting on first use: the startup script's {@code aihc}, so that
   * opening a shell or a notebook loads no HTTP client and starts no engine. Which side it points to is
   * decided now (the cloud when configured, else the default local engine, started by the first request
   * when none runs) and shown by its {@code toString()}.
   */
  public static AihcClient lazy() {
    if (!cloudConfigured()) return lazyLocal(localHome(), Aihc::toStandardOutput);
    AihcSettings s = AihcSettings.resolve();
    String region = s.region().orElseThrow();
    return cloudBuilder(region, s.pool().orElse(null), s.queue().orElse(null))
        .description("the AIHC cloud, region " + region).build();
  }

  /** The client of {@link #local(Path, Consumer)}, which starts the engine on its first request instead. */
  private static AihcClient lazyLocal(Path home, Consumer<String> progress) {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(progress, "progress");
    LocalHome localHome = new LocalHome(home);
    return AihcClient.builder().endpoint(new LocalEndpoint(localHome, progress))
        .description("local engine in " + localHome.display())
        .credentials(localHome.keys())
        .socketFactory(new EngineSockets(localHome))
        .pool(LOCAL_POOL).queue(LOCAL_QUEUE).build();
  }

  /**
   * The cloud when credentials and a pool are configured ({@link AihcSettings}, the credentials chain),
   * otherwise the local engine (started when none runs).
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

  /**
   * The Python on this machine that can import {@code torch.distributed}, as an absolute path for a
   * job's command: {@code AIHC_PYTHON} when set, else {@code python3} on the {@code PATH}, else the
   * system's own ({@code /usr/bin/python3}, which Debian's {@code python3-torch} belongs to and a pyenv
   * or virtualenv {@code python3} hides). Found once per JVM (importing torch takes seconds).
   *
   * <pre>{@code
   * var job = Job.named("ddp").replicas(2).command(Aihc.torchPython() + " /work/train.py");
   * }</pre>
   *
   * @throws AihcException when none can, saying how to install it
   */
  public static String torchPython() {
    return TorchPython.find();
  }

  /**
   * The one message this product prints by itself: that it is starting an engine, which takes a moment.
   * Information, not an error, so standard output, which a notebook does not paint red.
   */
  private static void toStandardOutput(String message) {
    System.out.println(message);
  }

  /**
   * A local engine's URL for {@link AihcClient}. The first time it is asked (the client's first request)
   * it starts the engine when none runs; after that it reads endpoint.json for every request, so a
   * restarted engine is found on its new port. When endpoint.json is gone (the engine stopped) it gives
   * the last URL, and {@link EngineSockets} refuses to connect there as "not sent", which a read retries.
   */
  private static final class LocalEndpoint implements Supplier<String> {
    private final LocalHome home;
    private final Consumer<String> progress;
    /** Whether the first request has made sure an engine runs; later ones only re-read endpoint.json. */
    private volatile boolean ensured;
    private volatile String last;

    LocalEndpoint(LocalHome home, Consumer<String> progress) {
      this.home = home;
      this.progress = progress;
    }

    @Override
    public String get() {
      if (!ensured) {
        EngineDaemon.ensureRunning(home, EngineDaemon.Options.DEFAULT, () -> EngineClassPath.find(Aihc.class),
            progress);
        ensured = true;
      }
      Optional<String> now = home.endpoint().map(Endpoint::url);
      if (now.isPresent()) return last = now.get();
      if (last != null) return last;
      throw new AihcException("no local engine runs in " + home.display()
          + " (no endpoint.json). Start one with ./aihc local start, or Aihc.local()");
    }
  }
}
