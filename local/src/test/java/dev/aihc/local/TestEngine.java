package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.client.AihcClient;
import dev.aihc.client.Credentials;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.OutputSink;
import dev.aihc.dsl.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real engine on port 0 in a temp home, with the real client and a raw HTTP helper pointed at it. Either started
 * at once ({@link #start}), or registered: {@code @RegisterExtension final TestEngine t = TestEngine.perTest();}
 * starts one before each test in a new home of its own and closes it after, and
 * {@code @RegisterExtension static final TestEngine t = TestEngine.perClass();} does so once for the class.
 */
final class TestEngine implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {
  static final Credentials CREDENTIALS = Credentials.of("test-ak-local", "test-sk-local-0123456789");
  static final Duration WAIT = Duration.ofSeconds(20);

  // Not final: a perTest() or perClass() instance exists before its engine, which only a callback starts.
  LocalEngine engine;
  AihcClient client;
  RawApi api;
  /** What follow() and await() showed: {@code [source] line} and progress messages. */
  final List<String> shown = new ArrayList<>();
  /** The home a registered engine made and deletes; null for start(..), whose home is the caller's. */
  private Path ownHome;
  private final Scope scope;
  private final Setup setup;

  // A static registration also gets the per-test callbacks: each callback acts only for its own scope.
  private enum Scope { NONE, TEST, CLASS }

  /** The config of a registered engine, given the new home (which it may fill first, e.g. with a config.json). */
  @FunctionalInterface
  interface Setup {
    LocalEngineConfig config(Path home) throws Exception;
  }

  private TestEngine(Scope scope, Setup setup) {
    this.scope = scope;
    this.setup = setup;
  }

  private TestEngine(LocalEngine engine) {
    this(Scope.NONE, null);
    open(engine);
  }

  private void open(LocalEngine engine) {
    this.engine = engine;
    this.client = AihcClient.builder()
        .endpoint(engine.url().toString())
        .credentials(engine.credentials())
        .queue("default")
        .pollInterval(Duration.ofMillis(100))
        .sink(new OutputSink() {
          @Override
          public void log(String source, String line) {
            synchronized (shown) {
              shown.add("[" + source + "] " + line);
            }
          }

          @Override
          public void progress(String message) {
            synchronized (shown) {
              shown.add(message);
            }
          }
        })
        .build();
    this.api = new RawApi(engine.url(), engine.credentials());
  }

  /** For {@code @RegisterExtension}: an engine with {@link #config} in a new temp home for each test. */
  static TestEngine perTest() {
    return new TestEngine(Scope.TEST, TestEngine::config);
  }

  /** For a static {@code @RegisterExtension}: one engine with {@link #config} for the whole class. */
  static TestEngine perClass() {
    return perClass(TestEngine::config);
  }

  /** For a static {@code @RegisterExtension}: one engine configured by {@code setup} for the whole class. */
  static TestEngine perClass(Setup setup) {
    return new TestEngine(Scope.CLASS, setup);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (scope == Scope.CLASS) startOwn();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (scope == Scope.TEST) startOwn();
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (scope == Scope.TEST) closeOwn();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (scope == Scope.CLASS) closeOwn();
  }

  private void startOwn() throws Exception {
    ownHome = Files.createTempDirectory("aihc-test-engine");
    shown.clear();
    open(LocalEngine.start(setup.config(ownHome)));
  }

  private void closeOwn() throws IOException {
    try {
      if (engine != null) close();
    } finally {
      engine = null;
      client = null;
      api = null;
      if (ownHome != null) delete(ownHome);
      ownHome = null;
    }
  }

  /** The engine's home. */
  Path home() {
    return engine.home();
  }

  static TestEngine start(Path home) {
    return start(config(home));
  }

  static TestEngine start(LocalEngineConfig config) {
    return new TestEngine(LocalEngine.start(config));
  }

  /** Test defaults: fixed credentials, a short grace period. */
  static LocalEngineConfig config(Path home) {
    return LocalEngineConfig.of(home).credentials(CREDENTIALS).gracePeriod(Duration.ofSeconds(1));
  }

  /** A valid one-replica job running {@code command}. */
  static Job job(String name, String command) {
    return Job.named(name).queue("default").image("registry.baidubce.com/test/pytorch:1.0").command(command);
  }

  JobItem describe(String jobId) {
    return client.job(jobId).describe();
  }

  /** Polls DescribeJob until {@code condition} holds; fails after {@link #WAIT}. */
  JobItem awaitJob(String jobId, Predicate<JobItem> condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JobItem last = null;
    while (System.nanoTime() < deadline) {
      last = describe(jobId);
      if (condition.test(last)) return last;
      sleep(50);
    }
    throw new AssertionError("timed out after " + WAIT + " waiting for " + what + "; last seen " + last
        + " pods " + (last == null ? "-" : last.pods()));
  }

  JobItem awaitStatus(String jobId, JobStatus... statuses) {
    Set<JobStatus> wanted = Set.of(statuses);
    return awaitJob(jobId, j -> wanted.contains(j.status()), "status in " + wanted);
  }

  static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return;
      sleep(50);
    }
    throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
  }

  /** CreateJob through the raw helper; returns the job id. */
  String create(String body) {
    RawApi.Reply r = api.post("CreateJob", body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().path("jobId").asText();
  }

  JsonNode ok(String action, String body) {
    RawApi.Reply r = api.post(action, body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public void close() {
    client.close();
    api.close();
    engine.close();
  }
}
