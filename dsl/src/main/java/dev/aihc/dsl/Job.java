package dev.aihc.dsl;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A training job as AIHC's CreateJob describes it, composed step by step:
 *
 * <pre>{@code
 * Job job = Job.named("bert-sft").queue("default").image("registry.baidubce.com/x/pytorch:2.1")
 *     .replicas(2).gpus(Gpu.A800, 8).rdma().pfs("pfs-1", "/mnt/cluster")
 *     .command("torchrun train.py");
 * }</pre>
 *
 * Each step is named after the CreateJob field it sets and returns a new job: this instance is
 * immutable and unaffected, so a notebook cell can be re-run safely. Steps throw
 * {@link IllegalArgumentException} only for null arguments and impossible numbers; everything else is
 * reported all at once by {@link #validate()}. A job is pure data: submitting it is the client's work.
 *
 * <p>This class is immutable and thread-safe; {@code equals} compares every setting.
 */
public final class Job {
  /** The pool id that means "AIHC's fully managed pool". */
  public static final String SERVERLESS_POOL = "aihc-serverless";

  private final String name;
  private final String queue;
  private final String pool;
  private final JobType jobType;
  private final String command;
  private final String image;
  private final ImageAuth imageAuth;
  private final int replicas;
  private final List<Resource> resources;
  private final List<EnvVar> envs;
  private final boolean rdma;
  private final boolean hostNetwork;
  private final List<Label> labels;
  private final Priority priority;
  private final List<Datasource> datasources;
  private final boolean bccl;
  private final boolean faultTolerance;
  private final FaultTolerance faultToleranceArgs;
  private final Tensorboard tensorboard;
  private final Alert alert;
  private final String retentionPeriod;
  /** Warnings from reading JSON (aliases, unknown fields); not part of the value. */
  private final List<Problem> importWarnings;

  private Job(State s) {
    name = s.name;
    queue = s.queue;
    pool = s.pool;
    jobType = s.jobType;
    command = s.command;
    image = s.image;
    imageAuth = s.imageAuth;
    replicas = s.replicas;
    resources = List.copyOf(s.resources);
    envs = List.copyOf(s.envs);
    rdma = s.rdma;
    hostNetwork = s.hostNetwork;
    labels = List.copyOf(s.labels);
    priority = s.priority;
    datasources = List.copyOf(s.datasources);
    bccl = s.bccl;
    faultTolerance = s.faultTolerance;
    faultToleranceArgs = s.faultToleranceArgs;
    tensorboard = s.tensorboard;
    alert = s.alert;
    retentionPeriod = s.retentionPeriod;
    importWarnings = List.copyOf(s.importWarnings);
  }

  /**
   * A new PyTorchJob with one replica named {@code name} (a lower-case DNS label; checked by
   * {@link #validate()}).
   */
  @CheckReturnValue
  public static Job named(String name) {
    State s = new State();
    s.name = requireArg(name, "name");
    return new Job(s);
  }

  /** Reads a CreateJob JSON body; see {@link JobJson}. Aliases and unknown fields become warnings. */
  @CheckReturnValue
  public static Job fromJson(String json) {
    return JobJson.read(json);
  }

  // ---------------------------------------------------------------- steps

  /** This job renamed. */
  @CheckReturnValue
  public Job name(String name) {
    requireArg(name, "name");
    return with(s -> s.name = name);
  }

  /** The queue to run in: its name on a self-managed pool, its id ({@code aihcq-...}) on the managed pool. */
  @CheckReturnValue
  public Job queue(String queue) {
    requireArg(queue, "queue");
    return with(s -> s.queue = queue);
  }

  /** The resource pool ({@code cce-...}); travels in the query, not the body. */
  @CheckReturnValue
  public Job pool(String resourcePoolId) {
    requireArg(resourcePoolId, "resourcePoolId");
    return with(s -> s.pool = resourcePoolId);
  }

  /** Runs on AIHC's fully managed pool ({@value #SERVERLESS_POOL}) in queue {@code queueId} ({@code aihcq-...}). */
  @CheckReturnValue
  public Job serverless(String queueId) {
    requireArg(queueId, "queueId");
    return with(s -> {
      s.pool = SERVERLESS_POOL;
      s.queue = queueId;
    });
  }

  /** The job type (default {@link JobType#PYTORCH}). */
  @CheckReturnValue
  public Job jobType(JobType jobType) {
    requireArg(jobType, "jobType");
    return with(s -> s.jobType = jobType);
  }

  /** The container image, with an explicit tag ({@code registry/ns/name:tag}). */
  @CheckReturnValue
  public Job image(String image) {
    requireArg(image, "image");
    return with(s -> s.image = image);
  }

  /** Credentials for a private registry ({@code jobSpec.imageConfig}); the password is never printed. */
  @CheckReturnValue
  public Job imageAuth(String username, String password) {
    return imageAuth(new ImageAuth(requireArg(username, "username"), requireArg(password, "password")));
  }

  /** Credentials for a private registry ({@code jobSpec.imageConfig}). */
  @CheckReturnValue
  public Job imageAuth(ImageAuth auth) {
    requireArg(auth, "auth");
    return with(s -> s.imageAuth = auth);
  }

  /**
   * How many replicas run the command (default 1): one master and {@code n - 1} workers.
   *
   * @throws IllegalArgumentException when {@code n} is negative
   */
  @CheckReturnValue
  public Job replicas(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("replicas must be >= 1 but was " + n + " (job '" + name
          + "'). Use replicas(1) for a single-node job");
    }
    return with(s -> s.replicas = n);
  }

  /** {@code count} accelerators of model {@code gpu} per replica, replacing any other accelerator. */
  @CheckReturnValue
  public Job gpus(Gpu gpu, int count) {
    requireArg(gpu, "gpu");
    return gpus(gpu.descriptor(), count);
  }

  /**
   * {@code count} accelerators of descriptor {@code descriptor} (such as {@code baidu.com/a800_80g_cgpu})
   * per replica, replacing any other accelerator.
   */
  @CheckReturnValue
  public Job gpus(String descriptor, int count) {
    requireArg(descriptor, "descriptor");
    nonNegative(count, "gpus");
    return with(s -> {
      List<Resource> others = new ArrayList<>(s.resources);
      others.removeIf(r -> r.isAccelerator() && !r.name().equals(descriptor));
      s.resources = put(others, new Resource(descriptor, BigDecimal.valueOf(count)));
    });
  }

  /** CPU cores per replica. */
  @CheckReturnValue
  public Job cpu(double cores) {
    return resource("cpu", cores);
  }

  /** Memory per replica, in GB. */
  @CheckReturnValue
  public Job memory(double gb) {
    return resource("memory", gb);
  }

  /** Shared memory ({@code /dev/shm}) per replica, in GB; data loaders need it. */
  @CheckReturnValue
  public Job sharedMemory(double gb) {
    return resource("sharedMemory", gb);
  }

  /** Any resource per replica by its name; replaces an earlier quantity of the same name. */
  @CheckReturnValue
  public Job resource(String name, double quantity) {
    requireArg(name, "name");
    nonNegative(quantity, name);
    if (Double.isNaN(quantity) || Double.isInfinite(quantity)) {
      throw new IllegalArgumentException(name + " must be a finite number but was " + quantity);
    }
    Resource r = Resource.of(name, quantity);
    return with(s -> s.resources = put(new ArrayList<>(s.resources), r));
  }

  /** Adds an environment variable for every replica. */
  @CheckReturnValue
  public Job env(String name, String value) {
    EnvVar e = new EnvVar(requireArg(name, "name"), requireArg(value, "value"));
    return with(s -> s.envs = plus(s.envs, List.of(e)));
  }

  /** Adds every entry of {@code envs}, in the map's iteration order. */
  @CheckReturnValue
  public Job envs(Map<String, String> envs) {
    requireArg(envs, "envs");
    List<EnvVar> add = new ArrayList<>();
    envs.forEach((k, v) -> add.add(new EnvVar(requireArg(k, "env name"), requireArg(v, "env value of " + k))));
    return with(s -> s.envs = plus(s.envs, add));
  }

  /** Enables RDMA networking between replicas ({@code jobSpec.enableRDMA}). */
  @CheckReturnValue
  public Job rdma() {
    return rdma(true);
  }

  /** Sets {@code jobSpec.enableRDMA}. */
  @CheckReturnValue
  public Job rdma(boolean enabled) {
    return with(s -> s.rdma = enabled);
  }

  /** Runs replicas in the host's network namespace ({@code jobSpec.hostNetwork}); self-managed pools only. */
  @CheckReturnValue
  public Job hostNetwork() {
    return hostNetwork(true);
  }

  /** Sets {@code jobSpec.hostNetwork}. */
  @CheckReturnValue
  public Job hostNetwork(boolean enabled) {
    return with(s -> s.hostNetwork = enabled);
  }

  /** Adds a label to the job. */
  @CheckReturnValue
  public Job label(String key, String value) {
    Label l = new Label(requireArg(key, "key"), requireArg(value, "value"));
    return with(s -> s.labels = plus(s.labels, List.of(l)));
  }

  /** Adds every entry of {@code labels}. */
  @CheckReturnValue
  public Job labels(Map<String, String> labels) {
    requireArg(labels, "labels");
    List<Label> add = new ArrayList<>();
    labels.forEach((k, v) -> add.add(new Label(requireArg(k, "label key"), requireArg(v, "label value of " + k))));
    return with(s -> s.labels = plus(s.labels, add));
  }

  /** The scheduling priority in the queue. */
  @CheckReturnValue
  public Job priority(Priority priority) {
    requireArg(priority, "priority");
    return with(s -> s.priority = priority);
  }

  /** Mounts the whole PFS instance {@code instanceId} at {@code mountPath}. */
  @CheckReturnValue
  public Job pfs(String instanceId, String mountPath) {
    return datasource(Datasource.pfs(instanceId, "/", mountPath));
  }

  /** Mounts {@code sourcePath} of PFS instance {@code instanceId} at {@code mountPath}. */
  @CheckReturnValue
  public Job pfs(String instanceId, String sourcePath, String mountPath) {
    return datasource(Datasource.pfs(instanceId, sourcePath, mountPath));
  }

  /** Mounts directory {@code sourcePath} of the node at {@code mountPath}. */
  @CheckReturnValue
  public Job hostPath(String sourcePath, String mountPath) {
    return datasource(Datasource.hostPath(sourcePath, mountPath));
  }

  /** Mounts BOS {@code bucket/prefix} at {@code mountPath}. */
  @CheckReturnValue
  public Job bos(String bucketPath, String mountPath) {
    return datasource(Datasource.bos(bucketPath, mountPath));
  }

  /** Mounts version {@code version} of dataset {@code id} at {@code mountPath}. */
  @CheckReturnValue
  public Job dataset(String id, String version, String mountPath) {
    return datasource(Datasource.dataset(id, version, mountPath));
  }

  /** Adds a data source built from {@link Datasource#EMPTY}: {@code d -> d.type("cfs").name(..).mountPath(..).readOnly()}. */
  @CheckReturnValue
  public Job datasource(UnaryOperator<Datasource> source) {
    requireArg(source, "source");
    return datasource(source.apply(Datasource.EMPTY));
  }

  /** Adds a data source. */
  @CheckReturnValue
  public Job datasource(Datasource source) {
    requireArg(source, "source");
    return with(s -> s.datasources = plus(s.datasources, List.of(source)));
  }

  /** Enables BCCL ({@code enableBccl}); validation warns about each unmet condition. */
  @CheckReturnValue
  public Job bccl() {
    return bccl(true);
  }

  /** Sets {@code enableBccl}. */
  @CheckReturnValue
  public Job bccl(boolean enabled) {
    return with(s -> s.bccl = enabled);
  }

  /**
   * Enables fault tolerance with the flags built from {@link FaultTolerance#NONE}:
   * {@code ft -> ft.replace().unconditionalRetries(2)}.
   */
  @CheckReturnValue
  public Job faultTolerance(UnaryOperator<FaultTolerance> flags) {
    requireArg(flags, "flags");
    FaultTolerance ft = requireArg(flags.apply(FaultTolerance.NONE), "fault tolerance flags");
    return with(s -> {
      s.faultTolerance = true;
      s.faultToleranceArgs = ft.isEmpty() ? null : ft;
    });
  }

  /** Sets {@code faultTolerance}; {@code false} also drops the flags. */
  @CheckReturnValue
  public Job faultTolerance(boolean enabled) {
    return with(s -> {
      s.faultTolerance = enabled;
      if (!enabled) s.faultToleranceArgs = null;
    });
  }

  /**
   * Enables fault tolerance with a raw flag string, parsed into the typed form; unknown flags are kept
   * and reported by {@link #validate()}.
   */
  @CheckReturnValue
  public Job faultToleranceArgs(String flags) {
    FaultTolerance ft = FaultTolerance.parse(requireArg(flags, "flags"));
    return with(s -> {
      s.faultTolerance = true;
      s.faultToleranceArgs = ft.isEmpty() ? null : ft;
    });
  }

  /** Starts TensorBoard on {@code logPath} ({@code tensorboardConfig}). */
  @CheckReturnValue
  public Job tensorboard(String logPath) {
    Tensorboard t = new Tensorboard(true, requireArg(logPath, "logPath"));
    return with(s -> s.tensorboard = t);
  }

  /** Alerts built from {@link Alert#NONE}: {@code a -> a.instanceId("cprom-1").alertItems(AlertItem.JOB_FAILED)}. */
  @CheckReturnValue
  public Job alert(UnaryOperator<Alert> alert) {
    requireArg(alert, "alert");
    Alert a = requireArg(alert.apply(Alert.NONE), "alert");
    return with(s -> s.alert = a);
  }

  /**
   * Keeps the finished job this long ({@code retentionPeriod}), in whole minutes, hours or days.
   *
   * @throws IllegalArgumentException for a negative or sub-minute duration
   */
  @CheckReturnValue
  public Job retention(Duration period) {
    requireArg(period, "period");
    if (period.isNegative() || period.toSeconds() % 60 != 0 || period.getNano() != 0) {
      throw new IllegalArgumentException("retention must be whole minutes, hours or days but was " + period
          + ". Use Duration.ofDays(7)");
    }
    return retention(DurationText.of(period).toString());
  }

  /** Keeps the finished job this long, written as AIHC does: {@code 30m}, {@code 12h}, {@code 7d}. */
  @CheckReturnValue
  public Job retention(String period) {
    requireArg(period, "period");
    return with(s -> s.retentionPeriod = period);
  }

  /** The start command every replica runs, such as {@code torchrun train.py}. */
  @CheckReturnValue
  public Job command(String command) {
    requireArg(command, "command");
    return with(s -> s.command = command);
  }

  // ---------------------------------------------------------------- readers

  /** The job name. */
  public String name() {
    return name;
  }

  /** The queue, or null until set. */
  public String queue() {
    return queue;
  }

  /** The resource pool, when set on the job (otherwise the client's default applies). */
  public Optional<String> pool() {
    return Optional.ofNullable(pool);
  }

  /** Whether the job runs on AIHC's fully managed pool. */
  public boolean isServerless() {
    return SERVERLESS_POOL.equals(pool);
  }

  /** The job type. */
  public JobType jobType() {
    return jobType;
  }

  /** The start command, or null until set. */
  public String command() {
    return command;
  }

  /** The image, or null until set. */
  public String image() {
    return image;
  }

  /** Private-registry credentials, when set. */
  public Optional<ImageAuth> imageAuth() {
    return Optional.ofNullable(imageAuth);
  }

  /** The replica count. */
  public int replicas() {
    return replicas;
  }

  /** Resources per replica, in the order set. */
  public List<Resource> resources() {
    return resources;
  }

  /** The quantity of resource {@code name} per replica, when set. */
  public Optional<BigDecimal> resource(String name) {
    return resources.stream().filter(r -> r.name().equals(name)).map(Resource::quantity).findFirst();
  }

  /** The accelerator resource per replica, when set. */
  public Optional<Resource> gpus() {
    return resources.stream().filter(Resource::isAccelerator).findFirst();
  }

  /** Accelerators per replica (0 when none). */
  public int gpuCount() {
    return gpus().map(r -> r.quantity().intValue()).orElse(0);
  }

  /** Environment variables, in the order added. */
  public List<EnvVar> envs() {
    return envs;
  }

  /** Whether RDMA is enabled. */
  public boolean isRdma() {
    return rdma;
  }

  /** Whether replicas use the host network. */
  public boolean isHostNetwork() {
    return hostNetwork;
  }

  /** Labels, in the order added. */
  public List<Label> labels() {
    return labels;
  }

  /** The priority, when set (AIHC's default is normal). */
  public Optional<Priority> priority() {
    return Optional.ofNullable(priority);
  }

  /** Data sources, in the order added. */
  public List<Datasource> datasources() {
    return datasources;
  }

  /** Whether BCCL is enabled. */
  public boolean isBccl() {
    return bccl;
  }

  /** Whether fault tolerance is enabled. */
  public boolean isFaultTolerance() {
    return faultTolerance;
  }

  /** The fault-tolerance flags, when any are set. */
  public Optional<FaultTolerance> faultToleranceArgs() {
    return Optional.ofNullable(faultToleranceArgs);
  }

  /** The TensorBoard configuration, when set. */
  public Optional<Tensorboard> tensorboard() {
    return Optional.ofNullable(tensorboard);
  }

  /** The alert configuration, when set. */
  public Optional<Alert> alert() {
    return Optional.ofNullable(alert);
  }

  /** The retention period as written ({@code 7d}), when set. */
  public Optional<String> retentionPeriod() {
    return Optional.ofNullable(retentionPeriod);
  }

  // ---------------------------------------------------------------- checks and forms

  /** Every problem of this job at once (never throws); a job read from JSON also carries its import warnings. */
  public Problems validate() {
    List<Problem> all = new ArrayList<>(importWarnings);
    all.addAll(JobValidator.check(this));
    return new Problems(all);
  }

  /**
   * Throws {@link InvalidJobException} listing every problem when the job has errors; returns this
   * job otherwise.
   */
  public Job requireValid() {
    Problems problems = validate();
    if (problems.hasErrors()) throw new InvalidJobException(name, problems);
    return this;
  }

  /**
   * The CreateJob body, pretty-printed, exactly as sent (unset fields left out). It carries the image
   * password in clear, as the API needs it: print {@code toString()} to show a job to people.
   */
  public String toJson() {
    return JobJson.write(this, true);
  }

  /** The CreateJob body on one line, as the client sends it. */
  public String toCompactJson() {
    return JobJson.write(this, false);
  }

  /**
   * The DSL source that recreates this job ({@code Job.named("…").queue("…")…}), for saving a job
   * fetched from AIHC as code. An image password is never written: the source reads it from
   * {@code AIHC_IMAGE_PASSWORD}.
   */
  public String toJava() {
    return JobSource.of(this);
  }

  /** The fields that differ from {@code other}, as wire paths, secrets masked; empty when equal. */
  public List<Difference> diff(Job other) {
    requireArg(other, "other");
    return JobJson.diff(this, other);
  }

  List<Problem> importWarnings() {
    return importWarnings;
  }

  /** This job carrying {@code warnings} from reading JSON. */
  Job withImportWarnings(List<Problem> warnings) {
    State s = new State(this);
    s.importWarnings = new ArrayList<>(warnings);
    return new Job(s);
  }

  // ---------------------------------------------------------------- value

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof Job j)) return false;
    return replicas == j.replicas && rdma == j.rdma && hostNetwork == j.hostNetwork && bccl == j.bccl
        && faultTolerance == j.faultTolerance && Objects.equals(name, j.name)
        && Objects.equals(queue, j.queue) && Objects.equals(pool, j.pool) && jobType == j.jobType
        && Objects.equals(command, j.command) && Objects.equals(image, j.image)
        && Objects.equals(imageAuth, j.imageAuth) && resources.equals(j.resources) && envs.equals(j.envs)
        && labels.equals(j.labels) && priority == j.priority && datasources.equals(j.datasources)
        && Objects.equals(faultToleranceArgs, j.faultToleranceArgs) && Objects.equals(tensorboard, j.tensorboard)
        && Objects.equals(alert, j.alert) && Objects.equals(retentionPeriod, j.retentionPeriod);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, queue, pool, jobType, command, image, imageAuth, replicas, resources, envs,
        rdma, hostNetwork, labels, priority, datasources, bccl, faultTolerance, faultToleranceArgs,
        tensorboard, alert, retentionPeriod);
  }

  /** A readable summary, one setting per line; the image password is masked. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Job ").append(name).append(" (").append(jobType.wireName()).append(')');
    line(s, "queue", queue == null ? "(unset)" : queue + (pool == null ? "" : " in pool " + pool));
    line(s, "image", image == null ? "(unset)" : image + (imageAuth == null ? "" : " (auth " + imageAuth + ")"));
    line(s, "replicas", replicas + (resources.isEmpty() ? "" : " × " + resources));
    line(s, "command", command == null ? "(unset)" : command);
    if (!envs.isEmpty()) line(s, "envs", envs.toString());
    List<String> flags = new ArrayList<>();
    if (rdma) flags.add("rdma");
    if (hostNetwork) flags.add("hostNetwork");
    if (bccl) flags.add("bccl");
    if (!flags.isEmpty()) line(s, "network", String.join(", ", flags));
    if (priority != null) line(s, "priority", priority.wireName());
    if (!labels.isEmpty()) line(s, "labels", labels.toString());
    for (Datasource d : datasources) line(s, "mount", d.toString());
    if (faultTolerance) {
      line(s, "fault tol.", faultToleranceArgs == null ? "on" : faultToleranceArgs.toFlags());
    }
    if (tensorboard != null) line(s, "tensorboard", tensorboard.toString());
    if (alert != null) line(s, "alert", alert.toString());
    if (retentionPeriod != null) line(s, "retention", retentionPeriod);
    return s.toString();
  }

  private static void line(StringBuilder s, String label, String value) {
    s.append("\n  ").append(String.format("%-11s ", label)).append(value);
  }

  // ---------------------------------------------------------------- internals

  private Job with(Consumer<State> edit) {
    State s = new State(this);
    edit.accept(s);
    Job changed = new Job(s);
    return changed.equals(this) ? this : changed;
  }

  private static List<Resource> put(List<Resource> resources, Resource r) {
    for (int i = 0; i < resources.size(); i++) {
      if (resources.get(i).name().equals(r.name())) {
        resources.set(i, r);
        return resources;
      }
    }
    resources.add(r);
    return resources;
  }

  private static <T> List<T> plus(List<T> list, List<T> more) {
    List<T> all = new ArrayList<>(list.size() + more.size());
    all.addAll(list);
    all.addAll(more);
    return all;
  }

  private static <T> T requireArg(T value, String what) {
    if (value == null) throw new IllegalArgumentException(what + " == null");
    return value;
  }

  private static void nonNegative(double n, String what) {
    if (n < 0) throw new IllegalArgumentException(what + " must not be negative but was " + n);
  }

  /**
   * The scratch copy behind every step; never escapes. A copy of a job shares its immutable lists,
   * and a step that changes a list replaces it, so a step copies only what it changes.
   */
  static final class State {
    String name;
    String queue;
    String pool;
    JobType jobType = JobType.PYTORCH;
    String command;
    String image;
    ImageAuth imageAuth;
    int replicas = 1;
    List<Resource> resources = new ArrayList<>();
    List<EnvVar> envs = new ArrayList<>();
    boolean rdma;
    boolean hostNetwork;
    List<Label> labels = new ArrayList<>();
    Priority priority;
    List<Datasource> datasources = new ArrayList<>();
    boolean bccl;
    boolean faultTolerance;
    FaultTolerance faultToleranceArgs;
    Tensorboard tensorboard;
    Alert alert;
    String retentionPeriod;
    List<Problem> importWarnings = new ArrayList<>();

    State() {}

    State(Job j) {
      name = j.name;
      queue = j.queue;
      pool = j.pool;
      jobType = j.jobType;
      command = j.command;
      image = j.image;
      imageAuth = j.imageAuth;
      replicas = j.replicas;
      resources = j.resources;
      envs = j.envs;
      rdma = j.rdma;
      hostNetwork = j.hostNetwork;
      labels = j.labels;
      priority = j.priority;
      datasources = j.datasources;
      bccl = j.bccl;
      faultTolerance = j.faultTolerance;
      faultToleranceArgs = j.faultToleranceArgs;
      tensorboard = j.tensorboard;
      alert = j.alert;
      retentionPeriod = j.retentionPeriod;
      importWarnings = j.importWarnings;
    }

    Job build() {
      return new Job(this);
    }
  }
}
