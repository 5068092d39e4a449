package dev.aihc.dsl;

import java.util.ArrayList;
import java.util.List;

/** Writes the DSL chain that recreates a job, for {@link Job#toJava()}. */
final class JobSource {
  private final List<String> steps = new ArrayList<>();

  private JobSource() {}

  static String of(Job job) {
    JobSource s = new JobSource();
    s.write(job);
    return "Job.named(" + str(job.name()) + ")" + String.join("", s.steps);
  }

  private void step(String call) {
    steps.add("\n    ." + call);
  }

  private void write(Job job) {
    if (job.queue() != null) {
      if (job.isServerless()) {
        step("serverless(" + str(job.queue()) + ")");
      } else {
        step("queue(" + str(job.queue()) + ")");
      }
    }
    if (!job.isServerless()) job.pool().ifPresent(p -> step("pool(" + str(p) + ")"));
    if (job.isServerless() && job.queue() == null) step("pool(" + str(Job.SERVERLESS_POOL) + ")");
    if (job.jobType() != JobType.PYTORCH) step("jobType(JobType." + job.jobType().name() + ")");
    if (job.image() != null) step("image(" + str(job.image()) + ")");
    // The password never goes into source: it is read where the job is recreated.
    job.imageAuth().ifPresent(a -> step("imageAuth(" + str(a.username()) + ", System.getenv(\"AIHC_IMAGE_PASSWORD\"))"));
    if (job.replicas() != 1) step("replicas(" + job.replicas() + ")");
    for (Resource r : job.resources()) resource(r);
    for (EnvVar e : job.envs()) step("env(" + str(e.name()) + ", " + str(e.value()) + ")");
    if (job.isRdma()) step("rdma()");
    if (job.isHostNetwork()) step("hostNetwork()");
    for (Label l : job.labels()) step("label(" + str(l.key()) + ", " + str(l.value()) + ")");
    job.priority().ifPresent(p -> step("priority(Priority." + p.name() + ")"));
    for (Datasource d : job.datasources()) datasource(d);
    if (job.isBccl()) step("bccl()");
    if (job.isFaultTolerance()) {
      String flags = job.faultToleranceArgs().map(FaultTolerance::toFlags).orElse("");
      step(flags.isEmpty() ? "faultTolerance(true)" : "faultToleranceArgs(" + str(flags) + ")");
    } else if (job.faultToleranceArgs().isPresent()) {
      // Flags without the switch only come from imported JSON, and AIHC ignores them: say so, not recreate them.
      steps.add("\n    // faultToleranceArgs " + str(job.faultToleranceArgs().get().toFlags())
          + " left out: AIHC ignores them while faultTolerance is off");
    }
    job.tensorboard().ifPresent(t -> step("tensorboard(" + str(t.logPath()) + ")"));
    job.alert().ifPresent(this::alert);
    job.retentionPeriod().ifPresent(r -> step("retention(" + str(r) + ")"));
    if (job.command() != null) step("command(" + str(job.command()) + ")");
  }

  private void resource(Resource r) {
    String q = r.quantity().toPlainString();
    switch (r.name()) {
      case "cpu" -> step("cpu(" + q + ")");
      case "memory" -> step("memory(" + q + ")");
      case "sharedMemory" -> step("sharedMemory(" + q + ")");
      default -> {
        if (r.isAccelerator() && r.quantity().stripTrailingZeros().scale() <= 0) {
          String gpu = Gpu.ofDescriptor(r.name()).map(g -> "Gpu." + g.name()).orElse(str(r.name()));
          step("gpus(" + gpu + ", " + q + ")");
        } else {
          step("resource(" + str(r.name()) + ", " + q + ")");
        }
      }
    }
  }

  /** The shortcut that states {@code d} ({@code pfs}, {@code hostPath}, {@code bos}, {@code dataset}), else the general step. */
  private void datasource(Datasource d) {
    // Job's shortcuts take no options: with readOnly, Datasource's factory of the same name.
    boolean options = d.readOnlyOption() != null;
    String shortcut = shortcut(d, !options);
    if (shortcut == null) {
      step(general(d));
    } else if (!options) {
      step(shortcut);
    } else {
      step("datasource(Datasource." + shortcut + (d.isReadOnly() ? ".readOnly())" : ".readOnly(false))"));
    }
  }

  /**
   * {@code pfs("pfs-1", "/mnt")} and the like when one of them makes exactly {@code d} (but for readOnly),
   * else null; {@code onJob}: Job's shortcuts (a whole PFS without its "/"), else Datasource's factories.
   */
  private static String shortcut(Datasource d, boolean onJob) {
    if (d.type() == null || d.mountPath() == null) return null;
    String mount = str(d.mountPath());
    boolean plain = d.id() == null && d.datasetVersion() == null;
    return switch (d.type()) {
      case "pfs" -> !plain || d.name() == null || d.sourcePath() == null ? null
          : onJob && d.sourcePath().equals("/") ? "pfs(" + str(d.name()) + ", " + mount + ")"
          : "pfs(" + str(d.name()) + ", " + str(d.sourcePath()) + ", " + mount + ")";
      case "hostpath" -> !plain || d.name() != null || d.sourcePath() == null ? null
          : "hostPath(" + str(d.sourcePath()) + ", " + mount + ")";
      case "bos" -> !plain || d.name() != null || d.sourcePath() == null ? null
          : "bos(" + str(d.sourcePath()) + ", " + mount + ")";
      case "dataset" -> d.id() == null || d.datasetVersion() == null || d.name() != null || d.sourcePath() != null
          ? null : "dataset(" + str(d.id()) + ", " + str(d.datasetVersion()) + ", " + mount + ")";
      default -> null;
    };
  }

  private static String general(Datasource d) {
    StringBuilder s = new StringBuilder("datasource(d -> d");
    if (d.type() != null) s.append(".type(").append(str(d.type())).append(')');
    if (d.id() != null) s.append(".id(").append(str(d.id())).append(')');
    if (d.name() != null) s.append(".name(").append(str(d.name())).append(')');
    if (d.sourcePath() != null) s.append(".sourcePath(").append(str(d.sourcePath())).append(')');
    if (d.mountPath() != null) s.append(".mountPath(").append(str(d.mountPath())).append(')');
    if (d.readOnlyOption() != null) s.append(".readOnly(").append(d.readOnlyOption()).append(')');
    if (d.datasetVersion() != null) s.append(".datasetVersion(").append(str(d.datasetVersion())).append(')');
    return s.append(')').toString();
  }

  private void alert(Alert a) {
    StringBuilder s = new StringBuilder("alert(a -> a");
    if (a.instanceId() != null) s.append(".instanceId(").append(str(a.instanceId())).append(')');
    for (String item : a.alertItems()) s.append(".alertItem(").append(str(item)).append(')');
    if (a.forDuration() != null) s.append(".forDuration(").append(str(a.forDuration())).append(')');
    if (a.notifyRuleId() != null) s.append(".notifyRuleId(").append(str(a.notifyRuleId())).append(')');
    step(s.append(')').toString());
  }

  /** A Java string literal. */
  static String str(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }
}
