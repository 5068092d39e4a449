package dev.aihc.dsl;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules of a CreateJob body, each reporting a {@link Problem} with the field and the fix. */
final class JobValidator {
  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
  private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Set<String> DATASOURCE_TYPES = Datasource.TYPES;
  static final int MAX_NAME = 50;
  static final int MAX_RETRIES = 3;

  private final Job job;
  private final List<Problem> out = new ArrayList<>();

  private JobValidator(Job job) {
    this.job = job;
  }

  static List<Problem> check(Job job) {
    JobValidator v = new JobValidator(job);
    v.name();
    v.queue();
    v.jobType();
    v.image();
    v.replicas();
    v.command();
    v.controlCharacters();
    v.resources();
    v.envs();
    v.labels();
    v.datasources();
    v.network();
    v.faultTolerance();
    v.tensorboard();
    v.alert();
    v.retention();
    v.bccl();
    return v.out;
  }

  private void error(String field, String message, String fix) {
    out.add(Problem.error(field, message, fix));
  }

  private void warning(String field, String message, String fix) {
    out.add(Problem.warning(field, message, fix));
  }

  private void name() {
    String n = job.name();
    if (n == null || n.isEmpty()) {
      error("name", "name is required", "Start with Job.named(\"my-job\")");
    } else if (n.length() > MAX_NAME) {
      error("name", "name must be at most " + MAX_NAME + " characters but was " + n.length(),
          "Shorten it, e.g. \"" + n.substring(0, MAX_NAME).replaceAll("-+$", "") + "\"");
    } else if (!NAME.matcher(n).matches()) {
      error("name", "name must be lower-case letters, digits and '-', start with a letter and end with a "
          + "letter or digit, but was '" + literal(n) + "'", "Use a name like \"" + suggestName(n) + "\"");
    }
  }

  /**
   * {@code text} with each control character but newline and tab written as Java and JSON write it in a
   * string (backslash, u, four hex digits), where the one who wrote the job will find it; printing the
   * message then cannot drive a terminal.
   */
  static String literal(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c != '\n' && c != '\t' && Character.getType(c) == Character.CONTROL) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.toString();
  }

  private static String suggestName(String n) {
    String s = n.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^[^a-z]+", "")
        .replaceAll("-+$", "");
    return s.isEmpty() ? "job-1" : s.substring(0, Math.min(MAX_NAME, s.length()));
  }

  private void queue() {
    if (job.queue() == null || job.queue().isBlank()) {
      error("queue", "queue is required",
          "Add .queue(\"default\") (the queue name on a self-managed pool, its aihcq- id on the managed pool)");
    }
  }

  private void jobType() {
    if (job.jobType() != JobType.PYTORCH) {
      warning("jobType", job.jobType().wireName() + " takes a jobSpec keyed by role, which aihc-dsl writes "
          + "in PyTorchJob form", "Use the default PyTorchJob unless your pool's documentation says otherwise");
    }
  }

  private void image() {
    String image = job.image();
    if (image == null || image.isBlank()) {
      error("jobSpec.image", "image is required", "Add .image(\"registry.baidubce.com/ns/name:tag\")");
      return;
    }
    String last = image.substring(image.lastIndexOf('/') + 1);
    if (!last.contains(":") && !last.contains("@")) {
      error("jobSpec.image", "image must name an explicit tag but was '" + image + "'",
          "Add a tag such as \"" + image + ":1.0\"; an untagged image means whatever 'latest' is today");
    }
    if (image.chars().anyMatch(Character::isWhitespace)) {
      error("jobSpec.image", "image must not contain spaces but was '" + image + "'", "Remove the spaces");
    }
    job.imageAuth().ifPresent(a -> {
      if (a.username().isBlank() || a.password().isEmpty()) {
        error("jobSpec.imageConfig", "image credentials need both a username and a password",
            "Use .imageAuth(user, password), or set AIHC_IMAGE_USERNAME and AIHC_IMAGE_PASSWORD");
      }
    });
  }

  private void replicas() {
    if (job.replicas() < 1) {
      error("jobSpec.replicas", "replicas must be >= 1 but was " + job.replicas(),
          "Use replicas(1) for a single-node job");
    }
  }

  private void command() {
    if (job.command() == null || job.command().isBlank()) {
      error("command", "command is required and must not be blank",
          "Add .command(\"torchrun train.py\"): every replica runs it");
    } else if (job.command().indexOf('\0') >= 0) {
      error("command", "command contains a NUL character, which no shell command can hold",
          "Remove the \\0 from the command");
    }
  }

  /**
   * No control characters in the queue, image or command (a command may span lines and use tabs; NUL has
   * a rule of its own; a name's pattern allows none): they reach terminals through every view of the
   * job, where ESC sequences retitle, clear or rewrite the screen.
   */
  private void controlCharacters() {
    noControl("queue", job.queue(), "");
    noControl("jobSpec.image", job.image(), "");
    noControl("command", job.command(), "\n\t\0");
  }

  private void noControl(String field, String value, String allowed) {
    if (value == null) return;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.getType(c) == Character.CONTROL && allowed.indexOf(c) < 0) {
        error(field, field + " contains the control character " + literal(String.valueOf(c)) + " at " + i + ": '"
            + literal(value) + "'", "Remove it; a terminal showing the job would obey it");
        return;
      }
    }
  }

  private void resources() {
    Set<String> seen = new HashSet<>();
    int accelerators = 0;
    for (int i = 0; i < job.resources().size(); i++) {
      Resource r = job.resources().get(i);
      String field = "jobSpec.resources[" + i + "]";
      if (!seen.add(r.name())) {
        error(field + ".name", "resource '" + r.name() + "' is listed twice", "Keep one entry per resource name");
      }
      if (r.quantity().signum() <= 0) {
        error(field + ".quantity", r.name() + " must be > 0 but was " + r.quantity().toPlainString(),
            "Give a positive quantity, or leave the resource out to reserve none");
      }
      if (r.isAccelerator()) {
        accelerators++;
        if (r.quantity().stripTrailingZeros().scale() > 0) {
          error(field + ".quantity", r.name() + " must be a whole number of devices but was "
              + r.quantity().toPlainString(), "Use gpus(descriptor, n) with a whole n");
        }
      }
    }
    if (accelerators > 1) {
      error("jobSpec.resources", "a replica can use one accelerator model but " + accelerators + " are listed",
          "Keep one gpus(...) setting");
    }
  }

  private void envs() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < job.envs().size(); i++) {
      EnvVar e = job.envs().get(i);
      String field = "jobSpec.envs[" + i + "].name";
      if (!ENV_NAME.matcher(e.name()).matches()) {
        error(field, "env name must be letters, digits, '_', '-' or '.' and not start with a digit, but was '"
            + e.name() + "'", "Rename it, e.g. \"" + e.name().replaceAll("[^-._a-zA-Z0-9]", "_")
            .replaceAll("^[0-9]", "_") + "\"");
      } else if (!seen.add(e.name())) {
        error(field, "env " + e.name() + " is set twice", "Keep one env(\"" + e.name() + "\", ...)");
      } else if (InjectedEnv.contains(e.name())) {
        warning(field, "env " + e.name() + " is set by the platform for every replica",
            "Leave it out: the platform's value wins");
      }
      if (e.value().indexOf('\0') >= 0) {
        error("jobSpec.envs[" + i + "].value", "env " + e.name() + " contains a NUL character, which no process "
            + "environment can hold", "Remove the \\0 from the value");
      }
    }
  }

  private void labels() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < job.labels().size(); i++) {
      Label l = job.labels().get(i);
      String field = "labels[" + i + "]";
      if (!validLabelKey(l.key())) {
        error(field + ".key", "label key must be a Kubernetes label key ([prefix/]name, name ≤ 63 of "
            + "letters, digits, '-', '_', '.', starting and ending with a letter or digit) but was '" + l.key() + "'",
            "Use a key like \"team\" or \"example.com/team\"");
      } else if (!seen.add(l.key())) {
        error(field + ".key", "label " + l.key() + " is set twice", "Keep one label(\"" + l.key() + "\", ...)");
      }
      if (!l.value().isEmpty() && (l.value().length() > 63 || !LABEL_NAME.matcher(l.value()).matches())) {
        error(field + ".value", "label value must be ≤ 63 letters, digits, '-', '_', '.', starting and ending "
            + "with a letter or digit, but was '" + l.value() + "'", "Use a value like \"nlp\"");
      }
    }
  }

  static boolean validLabelKey(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) return false;
    }
    return !name.isEmpty() && name.length() <= 63 && LABEL_NAME.matcher(name).matches();
  }

  private void datasources() {
    Set<String> mounts = new HashSet<>();
    for (int i = 0; i < job.datasources().size(); i++) {
      Datasource d = job.datasources().get(i);
      String field = "datasources[" + i + "]";
      if (d.type() == null || !DATASOURCE_TYPES.contains(d.type())) {
        error(field + ".type", "type must be one of pfs, hostpath, bos, cfs, rapidfs, dataset but was "
            + (d.type() == null ? "unset" : "'" + d.type() + "'"), "Use pfs(...), hostPath(...), bos(...) or dataset(...)");
      } else {
        requireFor(d, field);
      }
      String mount = d.mountPath();
      if (mount == null || mount.isBlank()) {
        error(field + ".mountPath", "mountPath is required", "Give the absolute path replicas see, like \"/mnt/data\"");
      } else if (!mount.startsWith("/")) {
        error(field + ".mountPath", "mountPath must be absolute but was '" + mount + "'",
            "Use \"/" + mount + "\"");
      } else if (normalise(mount).equals("/")) {
        error(field + ".mountPath", "mountPath must not be '/'", "Mount below the root, like \"/mnt/data\"");
      } else if (!mounts.add(normalise(mount))) {
        error(field + ".mountPath", "mountPath " + mount + " is used by another data source",
            "Give each data source its own mount path");
      }
    }
  }

  private void requireFor(Datasource d, String field) {
    switch (d.type()) {
      case "pfs", "cfs", "rapidfs" -> {
        if (d.name() == null || d.name().isBlank()) {
          error(field + ".name", d.type() + " data source needs the instance name", "Use pfs(\"pfs-xxxx\", \"/mnt/cluster\")");
        }
      }
      case "hostpath" -> {
        if (d.sourcePath() == null || !d.sourcePath().startsWith("/")) {
          error(field + ".sourcePath", "hostpath data source needs an absolute sourcePath but was "
              + (d.sourcePath() == null ? "unset" : "'" + d.sourcePath() + "'"), "Use hostPath(\"/data/ckpt\", \"/mnt/ckpt\")");
        }
      }
      case "bos" -> {
        if (d.sourcePath() == null || d.sourcePath().isBlank()) {
          error(field + ".sourcePath", "bos data source needs sourcePath bucket/prefix", "Use bos(\"bucket/prefix\", \"/mnt/bos\")");
        }
      }
      case "dataset" -> {
        if (d.id() == null || d.id().isBlank()) {
          error(field + ".id", "dataset data source needs the dataset id", "Use dataset(\"ds-xxxx\", \"v1\", \"/mnt/ds\")");
        }
      }
      default -> { }
    }
  }

  private static String normalise(String path) {
    String p = path.replaceAll("/+", "/");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private void network() {
    if (job.isHostNetwork() && job.isServerless()) {
      error("jobSpec.hostNetwork", "hostNetwork is not available on the managed pool (aihc-serverless)",
          "Remove hostNetwork(), or run on a self-managed pool with pool(\"cce-...\")");
    }
  }

  private void faultTolerance() {
    FaultTolerance ft = job.faultToleranceArgs().orElse(FaultTolerance.NONE);
    if (job.isFaultTolerance() && job.jobType() != JobType.PYTORCH) {
      error("faultTolerance", "fault tolerance is available for PyTorchJob only, not " + job.jobType().wireName(),
          "Remove faultTolerance(...), or use jobType(JobType.PYTORCH)");
    }
    if (!job.isFaultTolerance() && !ft.isEmpty()) {
      warning("faultToleranceArgs", "faultToleranceArgs has no effect unless faultTolerance is true",
          "Set it through faultTolerance(ft -> ...), which turns fault tolerance on");
    }
    if (ft.hasHangTuning() && !ft.isHangDetection()) {
      error("faultToleranceArgs", "hang-detection timeouts are set but hang detection is off",
          "Use ft.hangDetection(logTimeout, startupToleration, stackTimeout), which turns it on");
    }
    ft.unconditionalRetries().filter(n -> n > MAX_RETRIES).ifPresent(n ->
        error("faultToleranceArgs", "unconditional retries must be 0.." + MAX_RETRIES + " but was " + n,
            "Use unconditionalRetries(" + MAX_RETRIES + ") at most"));
    for (String flag : ft.unknownFlags()) {
      error("faultToleranceArgs", "unknown or malformed fault-tolerance flag '" + flag + "'",
          "Known flags: " + String.join(", ", FaultTolerance.REPLACE, FaultTolerance.HANG, FaultTolerance.LOG_TIMEOUT,
              FaultTolerance.STARTUP, FaultTolerance.STACK, FaultTolerance.RETRY, FaultTolerance.PATTERN)
              + ", each as --flag=value");
    }
    for (String p : ft.logPatterns()) {
      try {
        Pattern.compile(p);
      } catch (java.util.regex.PatternSyntaxException e) {
        warning("faultToleranceArgs", "custom log pattern '" + p + "' is not a valid regular expression",
            "Escape special characters, or check the pattern");
      }
    }
  }

  private void tensorboard() {
    job.tensorboard().ifPresent(t -> {
      if (t.enable() && (t.logPath().isBlank() || !t.logPath().startsWith("/"))) {
        error("tensorboardConfig.logPath", "logPath must be an absolute path but was '" + t.logPath() + "'",
            "Use tensorboard(\"/mnt/cluster/tb\")");
      }
      if (job.jobType() == JobType.RAY) {
        error("tensorboardConfig", "tensorboard is not available for RayJob", "Remove tensorboard(...)");
      }
    });
  }

  private void alert() {
    job.alert().ifPresent(a -> {
      if (a.alertItems().isEmpty()) {
        warning("alertConfig.alertItems", "alertConfig lists no alert items, so nothing is ever sent",
            "Add alertItems(AlertItem.JOB_FAILED, ...)");
      }
      for (int i = 0; i < a.alertItems().size(); i++) {
        String item = a.alertItems().get(i);
        if (!AlertItem.isKnown(item)) {
          error("alertConfig.alertItems[" + i + "]", "unknown alert item '" + item + "'",
              "Use one of jobRunning, jobFT, nodeFT, jobFailed, jobSucceed, jobHang (AlertItem constants)");
        }
      }
      if (a.forDuration() != null && DurationText.read(a.forDuration())
          .filter(d -> d.unit() != DurationText.Unit.DAYS).isEmpty()) {
        error("alertConfig.for", "for must be a duration like 0m, 30s or 1h but was '" + a.forDuration() + "'",
            "Use forDuration(Duration.ofMinutes(5))");
      }
    });
  }

  private void retention() {
    job.retentionPeriod().ifPresent(r -> {
      if (DurationText.read(r).filter(d -> !d.isZero() && d.unit() != DurationText.Unit.SECONDS).isEmpty()) {
        error("retentionPeriod", "retentionPeriod must be a positive whole number of minutes, hours or days "
            + "like 30m, 12h or 7d but was '" + r + "'", "Use retention(Duration.ofDays(7))");
      }
    });
  }

  /** Each unmet BCCL condition is a warning: AIHC accepts the job and BCCL just does nothing. */
  private void bccl() {
    if (!job.isBccl()) return;
    String fixAll = "BCCL works only with replicas >= 2, 8 A800 GPUs per replica and RDMA";
    if (job.replicas() < 2) {
      warning("enableBccl", "BCCL needs replicas >= 2 but replicas is " + job.replicas(), fixAll);
    }
    BigDecimal gpus = job.gpus().map(Resource::quantity).orElse(BigDecimal.ZERO);
    if (gpus.compareTo(BigDecimal.valueOf(8)) != 0) {
      warning("enableBccl", "BCCL needs every replica to take a whole 8-GPU machine but each takes "
          + gpus.toPlainString() + " GPUs", fixAll);
    }
    if (!job.isRdma()) {
      warning("enableBccl", "BCCL needs RDMA but rdma is off", "Add .rdma()");
    }
    String model = job.gpus().map(Resource::name).orElse("no GPU");
    if (!model.equals(Gpu.A800.descriptor())) {
      warning("enableBccl", "BCCL needs A800 (or HPAS) GPUs but the job asks for " + model,
          "Use gpus(Gpu.A800, 8)");
    }
  }
}
