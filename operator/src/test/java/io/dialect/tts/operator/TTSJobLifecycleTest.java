package io.dialect.tts.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.Labels;
import io.dialect.tts.api.RedisKeys;
import io.dialect.tts.api.RedisKeys.ProgressField;
import io.dialect.tts.api.WorkerPodContract;
import io.dialect.tts.api.v1alpha1.Condition;
import io.dialect.tts.api.v1alpha1.ConditionTypes;
import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.S3Output;
import io.dialect.tts.api.v1alpha1.TTSItem;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.api.v1alpha1.TTSJobSpec;
import io.dialect.tts.api.v1alpha1.TTSOutput;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TTSJob lifecycle with the real operator on a real API server, Job controller and garbage collector,
 * and a real Redis; the test plays the workers (their counters and how their pods end).
 */
class TTSJobLifecycleTest {
  private OperatorTestbed bed;

  @BeforeEach
  void start() {
    bed = new OperatorTestbed();
    String ns = bed.namespace;
  }

  @AfterEach
  void stop() {
    bed.close();
  }

  /** A job for {@link OperatorTestbed#create}, which puts it in the test bed's namespace. */
  static TTSJob job(String name, int items) {
    TTSJob job = new TTSJob();
    job.getMetadata().setName(name);
    TTSJobSpec spec = new TTSJobSpec();
    spec.setDialect("dongbei");
    spec.setVoice("dongbei_laotie");
    spec.setItems(IntStream.range(0, items).mapToObj(i -> new TTSItem("line-" + i, "老铁们好 " + i)).toList());
    TTSOutput output = new TTSOutput();
    S3Output s3 = new S3Output();
    s3.setBucket("tts-out");
    s3.setPrefix("welcome/");
    output.setS3(s3);
    spec.setOutput(output);
    spec.setParallelism(2);
    job.setSpec(spec);
    return job;
  }

  private TTSJob create(TTSJob job) {
    return bed.create(job);
  }

  /** The single shard of a one-item job reports its item done and its pods exit 0: the job succeeds. */
  private void workersSucceedWithTheirOneItem(TTSJob created) {
    bed.count(created, ProgressField.SUCCEEDED, 1);
    bed.count(created, ProgressField.SOURCE_DONE, 1);
    bed.workersExit(created, 0);
    awaitPhase(created.getMetadata().getName(), JobPhase.Succeeded);
  }

  private TTSJob awaitPhase(String name, JobPhase phase) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(bed.get(name).getStatus()).as("status of " + name).isNotNull()
            .extracting(s -> s.getPhase()).as("phase of " + name).isEqualTo(phase));
    return bed.get(name);
  }

  private static Condition condition(TTSJob job, String type) {
    return job.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow(
        () -> new AssertionError("no " + type + " condition in " + job.getStatus().getConditions()));
  }

  @Test
  void aJobRunsAsAnIndexedWorkerJobAndEndsSucceededWithItsManifest() {
    bed.startOperator(bed.config(1));
    TTSJob created = create(job("welcome", 5));

    Job worker = bed.awaitWorkerJob("welcome");
    TTSJob admitted = bed.get("welcome");
    await().atMost(Duration.ofSeconds(10)).until(() -> bed.get("welcome").getStatus() != null);
    assertThat(condition(bed.get("welcome"), ConditionTypes.ADMITTED).isTrue()).as("Admitted=True").isTrue();
    assertThat(admitted.getMetadata().getFinalizers()).as("cleanup finalizer").contains(Labels.CLEANUP_FINALIZER);

    // The Job's shape: 5 items, 2 per shard -> 3 shards, parallelism min(2, cap 3).
    assertThat(worker.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(worker.getSpec().getCompletions()).as("completions = shards").isEqualTo(3);
    assertThat(worker.getSpec().getParallelism()).isEqualTo(2);
    assertThat(worker.getSpec().getBackoffLimitPerIndex()).as("the test bed's worker.backoffLimitPerIndex").isZero();
    assertThat(worker.getSpec().getPodFailurePolicy().getRules()).anySatisfy(r -> {
      assertThat(r.getAction()).isEqualTo("FailIndex");
      assertThat(r.getOnExitCodes().getValues()).containsExactly(WorkerPodContract.EXIT_INVALID);
    });
    assertThat(worker.getMetadata().getOwnerReferences()).as("owner reference for cascade deletion")
        .singleElement().satisfies(o -> {
          assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid());
          assertThat(o.getKind()).isEqualTo("TTSJob");
          assertThat(o.getController()).isTrue();
        });
    PodSpec pod = worker.getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container container = pod.getContainers().get(0);
    assertThat(container.getArgs()).containsExactly("shard");
    assertThat(container.getImage()).isEqualTo(OperatorTestbed.WORKER_IMAGE + ":1");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.keySet()).as("the gateway's address, the token file and JVM options: no key, no Redis, no S3")
        .containsExactlyInAnyOrder(WorkerPodContract.ENV_GATEWAY_URL, WorkerPodContract.ENV_GATEWAY_TOKEN_FILE,
            "JDK_JAVA_OPTIONS");
    assertThat(env.get(WorkerPodContract.ENV_GATEWAY_URL).getValue()).isEqualTo("http://tts-gateway.tts-system.svc");
    assertThat(container.getVolumeMounts()).extracting(m -> m.getMountPath())
        .containsExactlyInAnyOrder(WorkerPodContract.GATEWAY_TOKEN_DIR, WorkerPodContract.TMP_DIR);
    assertThat(bed.client.configMaps().inNamespace(bed.namespace).withName(worker.getMetadata().getName()).get())
        .as("no per-job ConfigMap a team could edit: the gateway reads the TTSJob itself").isNull();

    // Workers run and count.
    bed.awaitWorkersRunning("welcome");
    bed.count(created, ProgressField.SUCCEEDED, 2);
    bed.count(created, ProgressField.CACHED, 1);
    bed.count(created, ProgressField.CHARACTERS_TOTAL, 12);
    bed.count(created, ProgressField.CHARACTERS_BILLED, 6);
    bed.count(created, ProgressField.PROVIDER_PREFIX + "xiangyinge", 2);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      TTSJob running = bed.get("welcome");
      assertThat(running.getStatus().getPhase()).isEqualTo(JobPhase.Running);
      assertThat(running.getStatus().getProgress()).isEqualTo("2/5");
      assertThat(running.getStatus().getCharacters().getBilled()).isEqualTo(6);
      assertThat(running.getStatus().getProviders()).containsEntry("xiangyinge", 2L);
      assertThat(running.getStatus().getStartTime()).isNotNull();
    });

    bed.count(created, 1, ProgressField.SUCCEEDED, 3);
    for (int shard = 0; shard < worker.getSpec().getCompletions(); shard++) {
      bed.count(created, shard, ProgressField.SOURCE_DONE, 1);
    }
    bed.workersExit(created, 0);
    TTSJob done = awaitPhase("welcome", JobPhase.Succeeded);
    assertThat(done.getStatus().getProgress()).isEqualTo("5/5");
    assertThat(done.getStatus().getManifest()).isEqualTo("s3://tts-out/" + bed.namespace + "/welcome/manifest.jsonl");
    assertThat(done.getStatus().getCompletionTime()).isNotNull();
    assertThat(done.getStatus().getWorkerJob()).isEqualTo(worker.getMetadata().getName());
    assertThat(condition(done, ConditionTypes.COMPLETE).isTrue()).as("kubectl wait --for=condition=Complete").isTrue();
    assertThat(condition(done, ConditionTypes.COMPLETE).getObservedGeneration())
        .isEqualTo(done.getMetadata().getGeneration());
    assertThat(condition(done, ConditionTypes.ADMITTED).getLastTransitionTime())
        .as("Admitted kept its transition time").isEqualTo(condition(admitted.getStatus() == null
            ? bed.get("welcome") : admitted, ConditionTypes.ADMITTED).getLastTransitionTime());
    assertThat(bed.events("welcome")).extracting(Event::getReason)
        .contains("Admitted", "Started", "Completed");

    // A gateway replica that billed while Redis was away writes its total once Redis is back, which can be
    // after the pods are done: the finished job's status still takes it in.
    bed.count(created, 2, ProgressField.CHARACTERS_BILLED + ProgressField.WRITER_SEPARATOR + "gw-late", 9);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      TTSJob settled = bed.get("welcome");
      assertThat(settled.getStatus().getCharacters().getBilled()).isEqualTo(15);
      assertThat(settled.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
    });
  }

  @Test
  void tooManyFailedItemsFailTheJobAndStopItsWorkers() {
    bed.startOperator(bed.config(1));
    TTSJob created = create(job("flaky", 4));
    bed.awaitWorkerJob("flaky");
    bed.awaitWorkersRunning("flaky");
    bed.count(created, ProgressField.FAILED, 1);

    TTSJob failed = awaitPhase("flaky", JobPhase.Failed);
    assertThat(condition(failed, ConditionTypes.FAILED).isTrue()).isTrue();
    assertThat(condition(failed, ConditionTypes.FAILED).getMessage())
        .contains("1 items failed, more than spec.failurePolicy.maxFailedItems (0)");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(bed.workerJob("flaky").getSpec().getSuspend()).as("workers stopped").isTrue());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(bed.events("flaky")).anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("Failed");
          assertThat(e.getType()).isEqualTo("Warning");
        }));
    // The failed job is looked at again (billing settles, its TTL): the failure stays counted once.
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(finished("Failed")).as("tts_jobs_finished_total{phase=Failed}").isEqualTo(1.0));
    assertThat(finished("Succeeded")).as("present at 0 before any job succeeds").isZero();
  }

  private double finished(String phase) {
    return bed.metrics.get("tts.jobs.finished").tags("namespace", bed.namespace, "phase", phase).counter().count();
  }

  @Test
  void aWorkerJobFailedByTheJobControllerFailsTheTTSJob() {
    bed.startOperator(bed.config(1));
    TTSJob created = create(job("broken", 2));
    bed.awaitWorkersRunning("broken");

    // Exit code 3 (the job cannot work): podFailurePolicy FailIndex, so the Job controller fails the Job.
    bed.workersExit(created, WorkerPodContract.EXIT_INVALID);

    TTSJob failed = awaitPhase("broken", JobPhase.Failed);
    assertThat(condition(failed, ConditionTypes.FAILED).getReason()).isEqualTo("WorkerJobFailed");
    assertThat(condition(failed, ConditionTypes.FAILED).getMessage()).contains("FailedIndexes");
  }

  @Test
  void suspendStopsTheWorkerJobAndResumeStartsItAgain() {
    bed.startOperator(bed.config(1));
    create(job("pausable", 2));
    bed.awaitWorkersRunning("pausable");
    awaitPhase("pausable", JobPhase.Running);

    bed.editJob("pausable", spec -> spec.setSuspend(true));
    awaitPhase("pausable", JobPhase.Suspended);
    assertThat(bed.workerJob("pausable").getSpec().getSuspend()).isTrue();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(bed.workerJob("pausable").getStatus()
        .getActive()).as("the Job controller stopped the pods").isNull());

    bed.editJob("pausable", spec -> spec.setSuspend(false));
    awaitPhase("pausable", JobPhase.Running);
    assertThat(bed.workerJob("pausable").getSpec().getSuspend()).isFalse();
    bed.awaitWorkersRunning("pausable");
  }

  @Test
  void deletingAJobRunsTheFinalizerWhichRemovesItsRedisKeysAndTheGarbageCollectorItsWorkerJob() {
    bed.startOperator(bed.config(1));
    TTSJob created = create(job("goodbye", 2));
    bed.awaitWorkerJob("goodbye");
    bed.count(created, ProgressField.SUCCEEDED, 1);
    String key = RedisKeys.shardProgress(bed.namespace, "goodbye", created.getMetadata().getUid(), 0);
    assertThat(bed.redisConnection.sync().exists(key)).isEqualTo(1L);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        bed.get("goodbye").getMetadata().getFinalizers().contains(Labels.CLEANUP_FINALIZER));

    bed.client.resources(TTSJob.class).inNamespace(bed.namespace).withName("goodbye").delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> bed.get("goodbye") == null);
    assertThat(bed.redisConnection.sync().exists(key)).as("progress hash removed by the finalizer").isZero();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(bed.workerJob(created))
        .as("the worker Job, deleted with its owner by the garbage collector").isNull());
  }

  @Test
  void aSecondOperatorAfterTheFirstStoppedMidJobCreatesNoSecondJobAndCarriesTheStatusOn() {
    bed.startOperator(bed.config(1));
    TTSJob created = create(job("handover", 4));
    bed.awaitWorkersRunning("handover");
    bed.count(created, ProgressField.SUCCEEDED, 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> "1/4".equals(bed.get("handover").getStatus().getProgress()));
    String startTime = bed.get("handover").getStatus().getStartTime();
    bed.stopOperator();

    bed.count(created, ProgressField.SUCCEEDED, 3);
    bed.startOperator(bed.config(1));
    await().atMost(Duration.ofSeconds(20)).until(() -> "4/4".equals(bed.get("handover").getStatus().getProgress()));
    bed.workersExit(created, 0);

    TTSJob done = awaitPhase("handover", JobPhase.Succeeded);
    assertThat(bed.workerJobs()).as("one worker Job across both operator instances").hasSize(1);
    assertThat(done.getStatus().getStartTime()).as("start time carried on").isEqualTo(startTime);
    assertThat(bed.events("handover")).filteredOn(e -> e.getReason().equals("Started"))
        .singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void statusWritesPerJobAreBoundedWhileCountersChangeConstantly() throws InterruptedException {
    int intervalSeconds = 2;
    bed.startOperator(bed.config(intervalSeconds));
    TTSJob created = create(job("busy", 100));
    bed.awaitWorkersRunning("busy");
    awaitPhase("busy", JobPhase.Running);
    int before = bed.statusPatches("busy");

    long start = System.nanoTime();
    for (int i = 0; i < 40; i++) {
      bed.count(created, ProgressField.SUCCEEDED, 1);
      Thread.sleep(150);
    }
    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds() + 1;
    await().atMost(Duration.ofSeconds(20)).until(() -> "40/100".equals(bed.get("busy").getStatus().getProgress()));

    int writes = bed.statusPatches("busy") - before;
    assertThat(writes).as("status PATCHes for 40 counter changes over %ds at one write per %ds", seconds, intervalSeconds)
        .isBetween(1, (int) (seconds / intervalSeconds) + 2);
  }

  @Test
  void failoverToTheLocalEngineShowsAsADegradedConditionAndOneWarningEvent() {
    bed.startOperator(bed.config(1));
    TTSJob created = create(job("fallback", 2));
    bed.awaitWorkersRunning("fallback");

    bed.count(created, ProgressField.SUCCEEDED, 1);
    bed.count(created, ProgressField.DEGRADED, 1);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(condition(bed.get("fallback"), ConditionTypes.DEGRADED).isTrue()).as("Degraded condition").isTrue());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bed.events("fallback"))
        .filteredOn(e -> "Degraded".equals(e.getReason())).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning")));
  }

  @Test
  void aFinishedJobIsDeletedAfterItsTtl() {
    bed.startOperator(bed.config(1));
    TTSJob job = job("short-lived", 1);
    job.getSpec().setTtlSecondsAfterFinished(1L);
    TTSJob created = create(job);
    bed.awaitWorkerJob("short-lived");

    workersSucceedWithTheirOneItem(created);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(bed.get("short-lived")).as("TTSJob one second after it finished").isNull());
  }

  /**
   * GitOps health checks (docs/gitops.md) count a job as current only once status.observedGeneration reaches
   * its generation: an edit synced to a finished job must be acknowledged, and must not run it again.
   */
  @Test
  void anEditOfAFinishedJobIsObservedWithoutRunningItAgain() {
    bed.startOperator(bed.config(1));
    TTSJob created = create(job("edited-after", 1));
    bed.awaitWorkerJob("edited-after");
    workersSucceedWithTheirOneItem(created);

    long generation = bed.editJob("edited-after", spec -> spec.setParallelism(3)).getMetadata().getGeneration();
    assertThat(generation).as("the edit is a change of spec").isGreaterThan(created.getMetadata().getGeneration());

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bed.get("edited-after").getStatus()
        .getObservedGeneration()).isEqualTo(generation));
    TTSJob edited = bed.get("edited-after");
    assertThat(edited.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
    assertThat(edited.getStatus().getProgress()).isEqualTo("1/1");
    assertThat(bed.events("edited-after")).extracting(Event::getReason).filteredOn("Started"::equals).hasSize(1);
  }

  /**
   * The worker Job's TTL (worker.ttlSecondsAfterFinished) lets the TTL controller delete the batch Job and its
   * pods; the TTSJob keeps its outcome and no second worker Job is launched for it. The cluster's pod settings
   * are accepted by the API server and carried by the worker pods.
   */
  @Test
  void aFinishedWorkerJobExpiresWhileItsTTSJobKeepsTheOutcomeAndLaunchesNoOther() {
    bed.client.resource(new PriorityClassBuilder().withNewMetadata().withName("tts-batch").endMetadata()
        .withValue(100).build()).createOr(existing -> existing.update());
    bed.startOperator(bed.config(1, """
          ttlSecondsAfterFinished: 0
          imagePullSecrets: [{name: registry-pull}]
          nodeSelector: {kubernetes.io/os: linux}
          tolerations: [{key: dedicated, operator: Equal, value: tts, effect: NoSchedule}]
          priorityClassName: tts-batch
          podLabels: {cost-center: speech}
          podAnnotations: {example.com/owner: speech-team}
        """));
    TTSJob created = create(job("expiring", 1));
    Job worker = bed.awaitWorkerJob("expiring");
    assertThat(worker.getSpec().getTtlSecondsAfterFinished()).as("no TTL while the TTSJob runs").isNull();
    bed.awaitWorkersRunning("expiring");
    assertThat(bed.client.pods().inNamespace(bed.namespace).withLabel(Labels.JOB_UID, created.getMetadata().getUid())
        .list().getItems()).isNotEmpty().allSatisfy(pod -> {
          assertThat(pod.getMetadata().getLabels()).containsEntry("cost-center", "speech");
          assertThat(pod.getMetadata().getAnnotations()).containsEntry("example.com/owner", "speech-team");
          assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("tts-batch");
          assertThat(pod.getSpec().getPriority()).as("resolved by the API server's Priority admission").isEqualTo(100);
          assertThat(pod.getSpec().getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("registry-pull");
          assertThat(pod.getSpec().getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
          assertThat(pod.getSpec().getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
        });

    workersSucceedWithTheirOneItem(created);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(bed.workerJob("expiring")).as("worker Job deleted by the TTL controller").isNull());
    // Reconciles after the deletion (the Job informer's delete event, the 1 s recheck) launch nothing.
    await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(bed.workerJobs()).as("worker Jobs in the namespace").isEmpty());
    TTSJob kept = bed.get("expiring");
    assertThat(kept.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
    assertThat(kept.getStatus().getProgress()).isEqualTo("1/1");
    assertThat(kept.getStatus().getWorkerJob()).isEqualTo(worker.getMetadata().getName());
    assertThat(bed.events("expiring")).extracting(Event::getReason).filteredOn("Started"::equals).hasSize(1);
  }

  /**
   * A job that failed on items stops its workers by suspending their Job, which a suspended Job never
   * leaves by itself: with a worker TTL, the operator has the Job controller fail it without starting a
   * pod, and the TTL controller deletes it.
   */
  @Test
  void theStoppedWorkerJobOfAJobFailedOnItemsExpiresWithoutStartingAPod() {
    bed.startOperator(bed.config(1, "  ttlSecondsAfterFinished: 0\n"));
    TTSJob created = create(job("failing", 4));
    Set<String> podsSeen = ConcurrentHashMap.newKeySet();
    try (SharedIndexInformer<Pod> pods = bed.client.pods().inNamespace(bed.namespace)
        .withLabel(Labels.JOB_UID, created.getMetadata().getUid()).inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            podsSeen.add(pod.getMetadata().getUid());
          }

          @Override
          public void onUpdate(Pod before, Pod pod) {
            podsSeen.add(pod.getMetadata().getUid());
          }

          @Override
          public void onDelete(Pod pod, boolean finalStateUnknown) {
          }
        })) {
      bed.awaitWorkersRunning("failing");
      bed.count(created, ProgressField.FAILED, 1);
      awaitPhase("failing", JobPhase.Failed);
      int startedBeforeTheFailure = podsSeen.size();
      assertThat(startedBeforeTheFailure).isPositive();

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(bed.workerJob("failing")).as("worker Job deleted by the TTL controller").isNull());
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(bed.workerJobs()).as("worker Jobs in the namespace").isEmpty());
      assertThat(podsSeen).as("pods of the job ever seen: none started after it failed")
          .hasSize(startedBeforeTheFailure);
      TTSJob kept = bed.get("failing");
      assertThat(kept.getStatus().getPhase()).isEqualTo(JobPhase.Failed);
      assertThat(condition(kept, ConditionTypes.FAILED).getMessage())
          .contains("1 items failed, more than spec.failurePolicy.maxFailedItems (0)");
    }
  }

  @Test
  void parallelismAndTheDeadlineEditedOnARunningJobReachItsWorkerJobBeforeObservedGenerationFollows() {
    bed.startOperator(bed.config(1));
    TTSJob job = job("scalable", 6); // 3 shards of 2 items
    job.getSpec().setParallelism(1);
    create(job);
    bed.awaitWorkersRunning("scalable");
    await().atMost(Duration.ofSeconds(20)).until(() -> Long.valueOf(1).equals(bed.get("scalable").getStatus()
        .getObservedGeneration()));
    assertThat(bed.workerJob("scalable").getSpec().getParallelism()).isEqualTo(1);

    long generation = bed.editJob("scalable", spec -> {
      spec.setParallelism(3);
      spec.setActiveDeadlineSeconds(3600L);
    }).getMetadata().getGeneration();

    // Status first, then the Job: whenever the status says the generation is in effect, the Job must show it.
    List<String> premature = new ArrayList<>();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      boolean observed = Long.valueOf(generation).equals(bed.get("scalable").getStatus().getObservedGeneration());
      Job worker = bed.workerJob("scalable");
      if (observed && (worker.getSpec().getParallelism() != 3 || worker.getSpec().getActiveDeadlineSeconds() == null)) {
        premature.add("parallelism " + worker.getSpec().getParallelism() + ", activeDeadlineSeconds "
            + worker.getSpec().getActiveDeadlineSeconds());
      }
      return observed;
    });
    assertThat(premature).as("worker Job seen while status.observedGeneration was already %d", generation).isEmpty();
    Job worker = bed.workerJob("scalable");
    assertThat(worker.getSpec().getParallelism()).isEqualTo(3);
    assertThat(worker.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(bed.workerJob("scalable").getStatus()
        .getReady()).as("the Job controller runs three pods").isEqualTo(3));

    bed.editJob("scalable", spec -> spec.setActiveDeadlineSeconds(null));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bed.workerJob("scalable").getSpec()
        .getActiveDeadlineSeconds()).as("no deadline once the TTSJob has none").isNull());
  }
}
