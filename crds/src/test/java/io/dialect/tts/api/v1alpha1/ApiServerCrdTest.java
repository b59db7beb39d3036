package io.dialect.tts.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.v1alpha1.BadObjects.BadObject;
import io.dialect.tts.testing.kube.KubeControlPlane;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same bad and good objects as {@link CrdValidationTest}, sent to a real kube-apiserver (with
 * etcd) that has our committed CRDs: its answers are the ones users see, and only it checks the CEL
 * cost budget (a CRD over budget is refused at creation, failing {@link #setUp()}).
 *
 * <p>io.fabric8:kube-api-test runs etcd and kube-apiserver v1.32.13 from ~/.kubeapitest (or
 * KUBE_API_TEST_DIR), or a network to download them.
 */
@EnableKubeAPIServer(kubeAPIVersion = KubeControlPlane.VERSION)
class ApiServerCrdTest {
  private static final String NAMESPACE = "default";
  private static final AtomicInteger NAMES = new AtomicInteger();

  @KubeConfig
  static String kubeConfigYaml;

  private static KubernetesClient client;

  @BeforeAll
  static void setUp() {
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfigYaml)).build();
    for (String fileName : new String[] {Manifests.JOB_CRD, Manifests.QUOTA_CRD}) {
      CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
          .load(Path.of(fileName).toFile()).item();
      client.resource(crd).create();
      client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(KubeControlPlane::isEstablished, 60, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void tearDown() {
    if (client != null) {
      client.close();
    }
  }

  static Stream<BadObject> badObjects() {
    return BadObjects.all().stream();
  }

  static Stream<Map<String, Object>> goodObjects() {
    return BadObjects.good().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badObjects")
  void refusesBadObjectWithTheMessageUsersSee(BadObject bad) {
    String name = uniqueName();
    GenericKubernetesResource object = resource(bad.object(), name);
    if (bad.isUpdate()) {
      GenericKubernetesResource created = strict(resource(bad.old(), name)).create();
      object.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
    }

    assertThatThrownBy(() -> {
      if (bad.isUpdate()) {
        strict(object).update();
      } else {
        strict(object).create();
      }
    }).as("the API server refuses '%s'", bad.name())
        .isInstanceOfSatisfying(KubernetesClientException.class, e ->
            assertThat(e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage())
                .contains(bad.serverFragment()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodObjects")
  void acceptsGoodObjects(Map<String, Object> good) {
    GenericKubernetesResource created = strict(resource(good, uniqueName())).create();

    assertThat(created.getMetadata().getUid()).isNotBlank();
  }

  @Test
  void acceptsAnUpdateOfTheFieldsThatStayMutableOnACreatedJob() {
    String name = uniqueName();
    Map<String, Object> job = BadObjects.job();
    GenericKubernetesResource created = strict(resource(job, name)).create();
    GenericKubernetesResource updated = resource(BadObjects.withMutableFieldsChanged(job), name);
    updated.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());

    GenericKubernetesResource stored = strict(updated).update();

    assertThat(stored.<Boolean>get("spec", "suspend")).isTrue();
    assertThat(stored.<Number>get("spec", "parallelism").intValue()).isEqualTo(4);
    assertThat(stored.<Number>get("spec", "activeDeadlineSeconds").intValue()).isEqualTo(600);
    assertThat(stored.<String>get("spec", "priority")).isEqualTo("high");
    assertThat(stored.<Number>get("spec", "failurePolicy", "maxFailedItems").intValue()).isEqualTo(3);
    assertThat(stored.<Number>get("spec", "ttlSecondsAfterFinished").intValue()).isEqualTo(60);
  }

  @Test
  void kubectlGetShowsWhyAQueuedJobWaits() throws Exception {
    String name = uniqueName();
    GenericKubernetesResource created = strict(resource(BadObjects.job(), name)).create();
    created.setAdditionalProperty("status", Map.of("phase", "Queued", "reason", "WaitingForQuota",
        "conditions", List.of(condition("Admitted", "WaitingForQuota"))));
    client.resource(created).inNamespace(NAMESPACE).updateStatus();

    Map<String, Object> table = table("ttsjobs/" + name);

    List<Object> columns = StructuralSchemaValidator.list(table.get("columnDefinitions"));
    List<Object> cells = StructuralSchemaValidator.list(
        StructuralSchemaValidator.map(StructuralSchemaValidator.list(table.get("rows")).get(0)).get("cells"));
    int reason = columns.stream().map(c -> StructuralSchemaValidator.map(c).get("name")).toList().indexOf("Reason");
    assertThat(reason).as("a Reason column in kubectl get").isNotNegative();
    assertThat(StructuralSchemaValidator.map(columns.get(reason)).get("priority"))
        .as("shown without -o wide").isEqualTo(0);
    assertThat(cells.get(reason)).isEqualTo("WaitingForQuota");
  }

  @Test
  void refusesTwoConditionsOfOneType() {
    GenericKubernetesResource created = strict(resource(BadObjects.job(), uniqueName())).create();
    created.setAdditionalProperty("status", Map.of("phase", "Queued",
        "conditions", List.of(condition("Admitted", "WaitingForQuota"), condition("Admitted", "ExceedsMaxQuota"))));

    assertThatThrownBy(() -> client.resource(created).inNamespace(NAMESPACE).updateStatus())
        .isInstanceOfSatisfying(KubernetesClientException.class, e ->
            assertThat(e.getStatus().getMessage()).contains("status.conditions[1]: Duplicate value"));
  }

  @Test
  void listsBothKindsUnderTheTtsCategory() {
    List<APIResource> resources = client.getApiResources(ApiGroup.API_VERSION).getResources();

    assertThat(resources).filteredOn(r -> r.getCategories() != null && r.getCategories().contains("tts"))
        .extracting(APIResource::getName).containsExactlyInAnyOrder("ttsjobs", "ttsquotas");
  }

  /** The object as kubectl get receives it: a meta.k8s.io Table built from the CRD's printer columns. */
  private static Map<String, Object> table(String path) throws Exception {
    HttpClient http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder()
        .uri(client.getMasterUrl() + "apis/" + ApiGroup.API_VERSION + "/namespaces/" + NAMESPACE + "/" + path)
        .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
        .build();
    HttpResponse<String> response = http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    assertThat(response.code()).as("table GET: %s", response.body()).isEqualTo(200);
    return StructuralSchemaValidator.map(Serialization.jsonMapper().readValue(response.body(), Map.class));
  }

  private static Map<String, Object> condition(String type, String reason) {
    return Map.of("type", type, "status", "False", "reason", reason, "message", "waiting",
        "lastTransitionTime", "2026-01-01T00:00:00Z");
  }

  private static NonDeletingOperation<GenericKubernetesResource> strict(GenericKubernetesResource object) {
    // Strict field validation: an unknown field is an error, as kubectl apply --validate=strict does.
    return client.resource(object).inNamespace(NAMESPACE).fieldValidation(Validation.STRICT);
  }

  private static GenericKubernetesResource resource(Map<String, Object> manifest, String name) {
    GenericKubernetesResource object = Serialization.jsonMapper()
        .convertValue(BadObjects.copy(manifest), GenericKubernetesResource.class);
    object.getMetadata().setName(name);
    object.getMetadata().setNamespace(NAMESPACE);
    return object;
  }

  private static String uniqueName() {
    return "case-" + NAMES.incrementAndGet();
  }
}
