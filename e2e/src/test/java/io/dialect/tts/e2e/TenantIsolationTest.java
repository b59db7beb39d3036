package io.dialect.tts.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dialect.tts.api.v1alpha1.JobPhase;
import io.dialect.tts.api.v1alpha1.TTSQuota;
import io.dialect.tts.testing.S3ProxyServer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a team can reach from its own namespace. Its pods hold no platform secret; an application pod
 * built from examples/app synthesizes with its projected token and its own namespace pays; the gateway
 * takes the caller from the token the API server vouches for, never from the request, and refuses tokens
 * of another audience, of a deleted pod, and of a pod that is not a worker on the shard endpoints.
 */
@ExtendWith(E2eCluster.Extension.class)
class TenantIsolationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path EXAMPLE_APP = Path.of("examples", "app", "synthesize-deployment.yaml");
  static E2eCluster cluster;
  private static Team team;
  /** The application's namespace: its TTSQuota counts nothing but the application's call. */
  private static Team appTeam;

  @BeforeAll
  static void teams() {
    team = cluster.team("isolation");
    appTeam = cluster.team("isolation-app");
  }

  @Test
  void anApplicationPodFromTheExampleSynthesizesWithItsTokenAndItsNamespacePays() throws IOException {
    appTeam.applyQuota("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSQuota
        metadata: {name: budget}
        spec:
          daily: {characters: 10000}
          enforcement: hard
        """);
    String text = "isolation-app-老铁们晚上好";
    Pod app = cluster.admin.resource(examplePod("greeter", List.of("say", "--text", text, "--dialect", "dongbei",
        "--out", "/tmp/greeting.mp3"))).create();

    await().atMost(Duration.ofMinutes(1)).until(() -> phase(app).matches("Succeeded|Failed"));
    assertThat(phase(app)).as("the app pod's log:%n%s", log(app)).isEqualTo("Succeeded");
    assertThat(log(app)).contains("provider=xiangyinge").contains("billedCharacters=" + text.length());
    assertThat(cluster.vendor.bills()).filteredOn(bill -> bill.text().equals(text)).singleElement()
        .satisfies(bill -> assertThat(bill.key()).as("billed to the platform's key").isEqualTo(E2eCluster.PLATFORM_KEY));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      TTSQuota quota = cluster.admin.resources(TTSQuota.class).inNamespace(appTeam.namespace)
          .withName("budget").get();
      assertThat(quota.getStatus()).isNotNull();
      assertThat(quota.getStatus().getUsed().getCharacters()).as("the namespace's TTSQuota counts the app's call")
          .isEqualTo((long) text.length());
    });
  }

  @Test
  void noPlatformSecretReachesATeamNamespaceOrItsWorkerPods() {
    team.apply("""
        apiVersion: tts.dialect.io/v1alpha1
        kind: TTSJob
        metadata: {name: keyless}
        spec:
          dialect: dongbei
          items:
            - {id: a, text: "isolation-job-咱们这旮旯没有钥匙。"}
          output:
            pvc: {claimName: audio, path: keyless/}
        """);
    team.awaitPhase("keyless", JobPhase.Succeeded, Duration.ofMinutes(2));

    List<String> platformValues = List.of(E2eCluster.PLATFORM_KEY, cluster.redis.password(), S3ProxyServer.SECRET_KEY);
    List<Secret> outside = cluster.admin.secrets().inAnyNamespace().list().getItems().stream()
        .filter(s -> !s.getMetadata().getNamespace().equals(ChartInstall.NAMESPACE)).toList();
    assertThat(outside).as("Secrets outside the release namespace").allSatisfy(secret ->
        assertThat(decoded(secret)).doesNotContainAnyElementsOf(platformValues));
    assertThat(team.pods("keyless")).isNotEmpty().allSatisfy(pod -> {
      assertThat(pod.getSpec().getServiceAccountName()).as("nothing created in the team namespace: its default")
          .isEqualTo("default");
      var container = pod.getSpec().getContainers().get(0);
      assertThat(container.getEnv()).filteredOn(e -> e.getValueFrom() != null)
          .extracting(e -> e.getValueFrom().getSecretKeyRef()).as("env from Secrets").containsOnlyNulls();
      assertThat(container.getEnv()).extracting(EnvVar::getValue).doesNotContainAnyElementsOf(platformValues);
      assertThat(container.getEnvFrom()).isEmpty();
      assertThat(pod.getSpec().getVolumes()).extracting(Volume::getSecret).as("Secret volumes").containsOnlyNulls();
    });
  }

  @Test
  void theCallerIsWhomTheTokenNamesNotWhatTheRequestSays() throws Exception {
    Pod caller = team.parkedPod("caller");
    String token = team.token(caller, "tts-gateway");

    HttpResponse<String> forged = post("/v1/synthesize", token,
        "{\"text\":\"isolation-forged-替别人付钱\",\"dialect\":\"dongbei\",\"namespace\":\"e2e-inline\"}");
    assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
    assertThat(forged.body()).contains("namespace");

    HttpResponse<String> shard = get("/v1/shard", token);
    assertThat(shard.statusCode()).as("an application's token opens no shard endpoint: %s", shard.body())
        .isEqualTo(403);

    HttpResponse<String> apiAudience = post("/v1/synthesize", team.token(caller, null),
        "{\"text\":\"isolation-api-audience\",\"dialect\":\"dongbei\"}");
    assertThat(apiAudience.statusCode()).as("a token for the API server: %s", apiAudience.body()).isEqualTo(401);

    Pod gone = team.parkedPod("gone");
    String orphaned = team.token(gone, "tts-gateway");
    cluster.admin.resource(gone).withGracePeriod(0).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.admin.pods().inNamespace(team.namespace)
        .withName("gone").get() == null);
    HttpResponse<String> replayed = post("/v1/synthesize", orphaned,
        "{\"text\":\"isolation-replayed\",\"dialect\":\"dongbei\"}");
    assertThat(replayed.statusCode()).as("the token of a deleted pod: %s", replayed.body()).isEqualTo(401);
    assertThat(cluster.vendor.billedCharacters(t -> t.startsWith("isolation-forged") || t.startsWith("isolation-api")
        || t.startsWith("isolation-replayed"))).as("nothing synthesized for refused calls").isZero();
  }

  /** The example Deployment's pod, in this namespace, running the client image with {@code args}. */
  private Pod examplePod(String name, List<String> args) throws IOException {
    List<HasMetadata> objects = cluster.admin.load(Files.newInputStream(EXAMPLE_APP)).items();
    for (HasMetadata object : objects) {
      if (!(object instanceof Deployment)) {
        object.getMetadata().setNamespace(appTeam.namespace);
        cluster.admin.resource(object).serverSideApply();
      }
    }
    Deployment example = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .findFirst().orElseThrow();
    Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(appTeam.namespace).endMetadata()
        .withSpec(example.getSpec().getTemplate().getSpec()).editSpec().withRestartPolicy("Never")
          .editFirstContainer().withImage(E2eCluster.CLIENT_IMAGE).withArgs(args).endContainer()
        .endSpec().build();
    // The gateway Service's address as pods reach it here (in a cluster: its DNS name, as in the example).
    pod.getSpec().getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals("TTS_GATEWAY_URL"))
        .findFirst().orElseThrow().setValue(cluster.gatewayService.url());
    return pod;
  }

  private static HttpResponse<String> post(String path, String token, String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(cluster.gatewayService.url() + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(cluster.gatewayService.url() + path))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private String phase(Pod pod) {
    Pod now = cluster.admin.pods().inNamespace(appTeam.namespace).withName(pod.getMetadata().getName()).get();
    return now == null || now.getStatus() == null ? "" : String.valueOf(now.getStatus().getPhase());
  }

  private String log(Pod pod) throws IOException {
    Path log = cluster.kubelet.log(pod);
    return Files.exists(log) ? Files.readString(log) : "(no log yet)";
  }

  private static List<String> decoded(Secret secret) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    return data.values().stream().map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)).toList();
  }
}
