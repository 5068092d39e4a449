package example;

import dev.aihc.Aihc;
import dev.aihc.client.AihcClient;
import dev.aihc.client.JobResult;
import dev.aihc.client.Run;
import dev.aihc.dsl.Job;

/** Builds a two-replica job, submits it, follows its logs and exits with its outcome. */
public final class Train {
  public static void main(String[] args) {
    Job job = Job.named("from-java-project")
        .queue("default")
        .image("registry.baidubce.com/aihc-aiak/pytorch:2.1")
        .replicas(2)
        .command("echo \"rank $RANK of $WORLD_SIZE says hello\"");
    System.out.println(job.validate());
    try (AihcClient aihc = Aihc.connect()) {       // the cloud when configured, else the local engine
      Run run = aihc.submit(job);
      run.follow();
      JobResult result = run.await();
      System.out.println(result);
      System.exit(result.isSuccess() ? 0 : 1);
    }
  }
}
