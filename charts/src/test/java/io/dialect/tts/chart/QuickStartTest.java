package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cluster quick starts work as written: what a reader pastes, in order, leaves no object in a namespace
 * that does not exist yet and no reference to an object nobody creates ({@link ReferenceCheck}) - for the
 * README's espeak-only quick start on the chart's defaults, and for the vendor + S3 setup of
 * examples/providers/.
 */
class QuickStartTest {
  private static final String README = "README.md";
  private static final String PROVIDERS_README = "examples/providers/README.md";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void theReadmesQuickStartLeavesNothingMissing() {
    List<InstallSteps.Step> steps = InstallSteps.fromDocument(InstallSteps.REPOSITORY.resolve(README),
        "## Quick start on a cluster");

    assertThat(ReferenceCheck.problems(steps)).as("what the README's quick start leaves broken").isEmpty();
  }

  /** The check itself: on the README's steps, a keys Secret, a claim and a namespace nobody creates are reported. */
  @Test
  void aMissingKeysSecretClaimOrNamespaceIsReported() {
    RenderedChart withVendor = RenderedChart.render(Map.of("providers.keysSecretName", "tts-provider-keys",
        "providers.list[0].name", "xiangyinge", "providers.list[0].type", "xiangyinge",
        "providers.list[0].keys.primary.secretKey", "xiangyinge-primary",
        "providers.list[1].name", "espeak", "providers.list[1].type", "espeak"));
    List<InstallSteps.Step> steps = new ArrayList<>();
    for (InstallSteps.Step step : InstallSteps.fromDocument(InstallSteps.REPOSITORY.resolve(README), "## Quick start on a cluster")) {
      List<HasMetadata> kept = step.objects().stream()
          .filter(o -> !o.getKind().equals("Namespace") && !o.getKind().equals("PersistentVolumeClaim")).toList();
      steps.add(step.chart() == null ? new InstallSteps.Step(step.command(), kept, null)
          : new InstallSteps.Step(step.command(), withVendor.objects(), withVendor));
    }

    assertThat(ReferenceCheck.problems(steps))
        .anySatisfy(p -> assertThat(p).contains("env TTS_KEY_XIANGYINGE_PRIMARY refers to Secret tts-system/tts-provider-keys"))
        .anySatisfy(p -> assertThat(p).contains("output.pvc refers to PersistentVolumeClaim team-a/audio"))
        .anySatisfy(p -> assertThat(p).contains("TTSJob/hello-dialects", "namespace team-a is not created"));
  }

  /** The chart's defaults: no values file, no Secret or bucket beforehand, and the job's audio in a claim. */
  @Test
  void theQuickStartInstallsTheDefaultsAndItsJobWritesToAClaim() {
    List<InstallSteps.Step> steps = InstallSteps.fromDocument(InstallSteps.REPOSITORY.resolve(README),
        "## Quick start on a cluster");

    assertThat(steps).extracting(InstallSteps.Step::command).as("the README's install line: the chart's defaults")
        .contains("helm install tts charts/tts-operator -n tts-system --create-namespace");
    assertThat(steps.stream().takeWhile(s -> s.chart() == null).flatMap(s -> s.objects().stream()))
        .as("created before helm install: the team namespace only, no Secret").extracting(HasMetadata::getKind)
        .containsOnly("Namespace");
    List<TTSJob> jobs = steps.stream().flatMap(s -> s.objects().stream()).filter(o -> o.getKind().equals("TTSJob"))
        .map(o -> SERIALIZATION.convertValue(o, TTSJob.class)).toList();
    assertThat(jobs).singleElement().satisfies(job -> {
      assertThat(job.getSpec().getOutput().getPvc()).as("output").isNotNull();
      assertThat(job.getSpec().getProviders()).containsExactly("espeak");
    });
    assertThat(steps).extracting(InstallSteps.Step::command).as("the audio copied out of the claim")
        .anyMatch(command -> command.startsWith("kubectl cp team-a/audio-reader:/audio/hello-dialects "));
  }

  /** No provider needs a key: the gateway refers to no keys Secret, so it starts without one. */
  @Test
  void theDefaultProvidersAreEspeakAloneAndTheGatewayNeedsNoKeysSecret() {
    RenderedChart chart = RenderedChart.render();
    Container gateway = GatewayTest.container(chart);

    assertThat(ChartRenderingTest.operatorConfig(chart)).containsEntry("providers", List.of(Map.of("name", "espeak")));
    assertThat(gateway.getEnv()).extracting(EnvVar::getName).noneMatch(name -> name.startsWith("TTS_KEY_"));
    assertThat(GatewayTest.secretEnv(gateway)).as("the gateway's Secret references: the chart's Redis password only")
        .containsOnlyKeys("TTS_REDIS_PASSWORD");
  }

  /** What helm install prints: no Secret step with the defaults; the exact Secrets to create with a vendor and S3. */
  @Test
  void theInstallNotesAskForTheSecretsTheValuesNeedAndNoOther() {
    assertThat(installNotes()).contains("No Secret to create", "\"default\" ServiceAccount", "examples/quickstart/")
        .doesNotContain("create secret");
    assertThat(installNotes(InstallSteps.REPOSITORY.resolve("examples/providers/values-two-providers.yaml")))
        .contains("create secret generic tts-provider-keys", "--from-literal=xiangyinge-primary=...",
            "--from-literal=xiangyinge-backup=...", "--from-literal=azure-primary=...",
            "create secret generic tts-s3", "--from-literal=AWS_ACCESS_KEY_ID=...");
  }

  @Test
  void aProviderWithKeysNeedsTheKeysSecretNamed() {
    assertThatThrownBy(() -> RenderedChart.render(Map.of("providers.list[0].name", "xiangyinge",
        "providers.list[0].type", "xiangyinge", "providers.list[0].keys.primary.secretKey", "xiangyinge-primary")))
        .hasMessageContaining("providers.keysSecretName");
  }

  /** Worker pods run as each team namespace's default ServiceAccount (RbacTest: the chart creates none). */
  @Test
  void theOperatorGivesWorkerPodsTheNamespacesDefaultServiceAccountUnlessOneIsNamed() {
    assertThat(ChartRenderingTest.worker(ChartRenderingTest.operatorConfig(RenderedChart.render())))
        .doesNotContainKey("serviceAccountName");
    assertThat(ChartRenderingTest.worker(ChartRenderingTest.operatorConfig(
        RenderedChart.render(Map.of("worker.serviceAccount.name", "tts-runner")))))
        .as("a name the teams create").containsEntry("serviceAccountName", "tts-runner");
  }

  @Test
  void thePerNamespaceWorkerServiceAccountListIsRefused() {
    assertThatThrownBy(() -> RenderedChart.render(Map.of("worker.serviceAccount.namespaces[0]", "team-a")))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("namespaces");
  }

  @Test
  void theVendorAndS3SetupOfExamplesProvidersLeavesNothingMissing() {
    List<InstallSteps.Step> steps = InstallSteps.fromDocument(InstallSteps.REPOSITORY.resolve(PROVIDERS_README),
        "## Install");

    assertThat(steps).extracting(InstallSteps.Step::command).as("the install line")
        .contains("helm install tts charts/tts-operator -n tts-system -f examples/providers/values-two-providers.yaml");
    assertThat(ReferenceCheck.problems(steps)).as("what the steps of %s leave broken", PROVIDERS_README).isEmpty();
  }

  /** The same setup with the Secrets applied from the example manifests instead of created from literals. */
  @Test
  void theExampleSecretManifestsAreTheSecretsTheVendorAndS3SetupNeeds() {
    List<HasMetadata> exampleSecrets = manifests("examples/providers/provider-keys-secret.yaml",
        "examples/providers/s3-credentials-secret.yaml");
    List<InstallSteps.Step> steps = new ArrayList<>();
    for (InstallSteps.Step step : InstallSteps.fromDocument(InstallSteps.REPOSITORY.resolve(PROVIDERS_README), "## Install")) {
      if (!step.command().contains(" create secret ")) {
        steps.add(step);
      } else if (steps.stream().noneMatch(s -> s.objects() == exampleSecrets)) {
        steps.add(new InstallSteps.Step("kubectl apply -f <the example Secrets>", exampleSecrets, null));
      }
    }

    assertThat(steps).extracting(InstallSteps.Step::objects).as("the example Secrets in place of the literals")
        .contains(exampleSecrets);
    assertThat(ReferenceCheck.problems(steps)).as("what the example Secret manifests leave broken").isEmpty();
  }

  private static String installNotes(Path... valuesFiles) {
    InstallCommand install = new Helm(RenderedChart.RENDERED_CHART).install().withName(RenderedChart.RELEASE)
        .withNamespace(RenderedChart.NAMESPACE).clientOnly().dryRun();
    for (Path values : valuesFiles) {
      install = install.withValuesFile(values);
    }
    return install.call().getOutput();
  }

  private static List<HasMetadata> manifests(String... files) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String file : files) {
      objects.addAll(InstallSteps.manifests(file));
    }
    return objects;
  }
}
