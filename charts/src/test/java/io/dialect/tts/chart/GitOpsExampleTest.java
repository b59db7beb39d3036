package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dialect.tts.api.v1alpha1.TTSJob;
import io.dialect.tts.testing.kube.KubeControlPlane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * examples/gitops as a team's GitOps repository: plain {@code kubectl kustomize} (kustomize's default load
 * restrictor, as Argo CD and {@code kubectl apply -k} use it) builds it into the team's TTSJobs and nothing
 * else, all in the team's namespace and none that deletes itself after finishing.
 */
class GitOpsExampleTest {
  static final Path GITOPS = Path.of("..", "examples", "gitops");
  private static final String TEAM_NAMESPACE = "team-a";
  private static final ObjectMapper STRICT_YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  @Test
  void kubectlKustomizeBuildsOnlyTheTeamsTtsJobsInItsNamespace() throws Exception {
    List<Map<String, Object>> built = documents(kustomize(GITOPS));

    assertThat(built).as("what kubectl kustomize %s builds", GITOPS).hasSize(3)
        .allSatisfy(object -> {
          assertThat(object.get("kind")).isEqualTo("TTSJob");
          assertThat(metadata(object).get("namespace")).isEqualTo(TEAM_NAMESPACE);
        });
    assertThat(built.stream().map(object -> metadata(object).get("name")))
        .containsExactlyInAnyOrder("store-welcome-v1", "sichuan-shop-v1", "cantonese-notices-v1");
  }

  /**
   * A job that deletes itself after finishing would be re-created by the GitOps tool and run (and bill)
   * again at every sync.
   */
  @Test
  void noJobDeletesItselfAfterFinishing() throws Exception {
    assertThat(documents(kustomize(GITOPS))).allSatisfy(object ->
        assertThat(spec(object)).as("%s", metadata(object).get("name")).doesNotContainKey("ttlSecondsAfterFinished"));
  }

  /**
   * The build adds the namespace and changes nothing else, so the CRD schema and rules the source files pass
   * (ExamplesRoundTripTest in crds/) hold for what is applied; and each object reads into the API's Java type
   * with no unknown field.
   */
  @Test
  void theBuildIsTheTeamsFilesWithTheNamespaceAddedAndReadsIntoTheApiTypes() throws Exception {
    Map<String, Map<String, Object>> sources = new HashMap<>();
    try (Stream<Path> files = Files.list(GITOPS.resolve(TEAM_NAMESPACE))) {
      for (Path file : files.filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).toList()) {
        for (Map<String, Object> source : documents(Files.readString(file))) {
          sources.put(String.valueOf(metadata(source).get("name")), source);
        }
      }
    }

    for (Map<String, Object> object : documents(kustomize(GITOPS))) {
      String name = String.valueOf(metadata(object).get("name"));
      Map<String, Object> expected = new HashMap<>(sources.get(name));
      Map<String, Object> expectedMetadata = new HashMap<>(metadata(expected));
      expectedMetadata.put("namespace", TEAM_NAMESPACE);
      expected.put("metadata", expectedMetadata);
      assertThat(object).as("%s as built", name).isEqualTo(expected);
      TTSJob job = STRICT_YAML.convertValue(object, TTSJob.class);
      assertThat(job.getSpec().getItems()).as("%s's items", name).isNotEmpty();
    }
  }

  /** {@code kubectl kustomize DIR}'s output, with the control plane's kubectl (or the one on PATH). */
  static String kustomize(Path dir) throws IOException, InterruptedException {
    Path ours = KubeControlPlane.binaryDir().resolve("kubectl");
    String kubectl = Files.isExecutable(ours) ? ours.toString() : "kubectl";
    Process process = new ProcessBuilder(kubectl, "kustomize", dir.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize ended").isTrue();
    assertThat(process.exitValue()).as("kubectl kustomize %s:%n%s", dir, output).isZero();
    return output;
  }

  static List<Map<String, Object>> documents(String yaml) throws IOException {
    try (var parser = STRICT_YAML.readerFor(Map.class).<Map<String, Object>>readValues(yaml)) {
      return parser.readAll().stream().filter(document -> document != null && !document.isEmpty()).toList();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(Map<String, Object> object) {
    return (Map<String, Object>) object.get("metadata");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(Map<String, Object> object) {
    return (Map<String, Object>) object.get("spec");
  }
}
