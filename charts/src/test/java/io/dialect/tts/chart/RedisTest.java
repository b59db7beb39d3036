package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialect.tts.api.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Redis holds usage ledgers and quota limits: only the operator and the gateway may reach it. The
 * in-chart Redis requires a password only they get, and admits no other pod on the network.
 */
class RedisTest {
  private static final String FULLNAME = "tts-tts-operator";
  private static final String AUTH_SECRET = FULLNAME + "-redis-auth";
  /** The labels the operator gives worker pods (OwnedMetadata.labels: Labels' constants plus the job's). */
  private static final Map<String, String> WORKER_POD_LABELS = Map.of(
      Labels.NAME, Labels.WORKER_NAME,
      Labels.COMPONENT, Labels.WORKER_COMPONENT,
      Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE,
      Labels.PART_OF, Labels.PART_OF_VALUE,
      Labels.JOB, "greetings",
      Labels.JOB_UID, "0b7c2f4e-0000-4000-8000-000000000001");

  @Test
  void byDefaultTheInChartRedisRequiresAPasswordFromASecretTheChartMakesAndKeeps() {
    RenderedChart chart = RenderedChart.render();
    Container redis = redisContainer(chart);

    assertThat(redis.getArgs()).containsSubsequence("--requirepass", "$(REDIS_PASSWORD)");
    assertThat(GatewayTest.secretEnv(redis)).as("the Redis container's Secret env")
        .containsEntry("REDIS_PASSWORD", AUTH_SECRET + "/redis-password");
    Secret secret = chart.one(Secret.class, AUTH_SECRET);
    assertThat(secret.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(secret.getMetadata().getAnnotations()).as("uninstall keeps it")
        .containsEntry("helm.sh/resource-policy", "keep");
    assertThat(new String(Base64.getDecoder().decode(secret.getData().get("redis-password")), StandardCharsets.UTF_8))
        .as("a random password").matches("[A-Za-z0-9]{32}");
  }

  /** The ledgers must outlive a restart and memory pressure: a volume, and eviction of cache entries only. */
  @Test
  void byDefaultTheInChartRedisKeepsItsLedgersOnAVolumeAndEvictsOnlyKeysWithATtl() {
    RenderedChart chart = RenderedChart.render();
    Container redis = redisContainer(chart);

    assertThat(redis.getArgs()).containsSubsequence("--maxmemory-policy", "volatile-lru")
        .containsSubsequence("--appendonly", "yes");
    StatefulSet set = chart.one(StatefulSet.class, FULLNAME + "-redis");
    assertThat(set.getSpec().getVolumeClaimTemplates()).singleElement()
        .satisfies(claim -> assertThat(claim.getMetadata().getName()).isEqualTo("data"));
  }

  /** An exec probe without the password would get NOAUTH; it must authenticate and see PONG. */
  @Test
  void theRedisProbesAuthenticateAndPassOnlyOnPong() {
    Container redis = redisContainer(RenderedChart.render());

    assertThat(GatewayTest.secretEnv(redis)).as("redis-cli's password variable")
        .containsEntry("REDISCLI_AUTH", AUTH_SECRET + "/redis-password");
    for (ExecAction probe : List.of(redis.getLivenessProbe().getExec(), redis.getReadinessProbe().getExec())) {
      assertThat(probe.getCommand()).containsExactly("sh", "-c", "test \"$(redis-cli ping)\" = PONG");
    }
  }

  @Test
  void theOperatorAndTheGatewayGetThePasswordFromTheSameSecretAndNoOneElse() {
    RenderedChart chart = RenderedChart.render();

    for (Deployment deployment : chart.all(Deployment.class).toList()) {
      Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(GatewayTest.secretEnv(container)).as("%s's Redis password", deployment.getMetadata().getName())
          .containsEntry("TTS_REDIS_PASSWORD", AUTH_SECRET + "/redis-password");
    }
    assertThat(chart.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(FULLNAME, FULLNAME + "-gateway");
    assertThat(ChartRenderingTest.operatorConfig(chart).toString()).as("operator.yaml").doesNotContain("password");
  }

  @Test
  void anExistingSecretReplacesTheChartsOwn() {
    RenderedChart chart = RenderedChart.render(Map.of("redis.auth.existingSecret", "platform-redis", "redis.auth.secretKey", "pw"));

    assertThat(chart.all(Secret.class)).as("no Secret rendered").isEmpty();
    assertThat(GatewayTest.secretEnv(redisContainer(chart))).containsEntry("REDIS_PASSWORD", "platform-redis/pw");
    assertThat(GatewayTest.secretEnv(GatewayTest.container(chart))).containsEntry("TTS_REDIS_PASSWORD", "platform-redis/pw");
    assertThat(GatewayTest.secretEnv(operatorContainer(chart))).containsEntry("TTS_REDIS_PASSWORD", "platform-redis/pw");
  }

  @Test
  void withAuthOffThereIsNoPasswordAnywhere() {
    RenderedChart chart = RenderedChart.render(Map.of("redis.auth.enabled", false));

    assertThat(chart.all(Secret.class)).isEmpty();
    assertThat(redisContainer(chart).getArgs()).doesNotContain("--requirepass");
    assertThat(redisContainer(chart).getEnv()).isNullOrEmpty();
    assertThat(Stream.of(GatewayTest.container(chart), operatorContainer(chart)).flatMap(c -> c.getEnv().stream()))
        .noneMatch(env -> env.getName().equals("TTS_REDIS_PASSWORD"));
  }

  @Test
  void tlsWithTheInChartRedisFailsTheInstallWithItsReason() {
    assertThatThrownBy(() -> RenderedChart.render(Map.of("redis.tls.enabled", true)))
        .hasMessageContaining("redis.tls.enabled: the in-chart Redis does not serve TLS; set redis.externalUrl to a Redis that does");
  }

  @Test
  void anExternalRedissUrlIsUsedAsGivenWithThePasswordFromTheNamedSecret() {
    RenderedChart chart = RenderedChart.render("external-redis.yaml");

    String url = "rediss://redis.shared.svc.cluster.local:6380/2";
    assertThat(ChartRenderingTest.operatorConfig(chart)).extractingByKey("redis").isEqualTo(Map.of("url", url));
    assertThat(GatewayTest.plainEnv(GatewayTest.container(chart))).containsEntry("TTS_REDIS_URL", url);
    assertThat(GatewayTest.secretEnv(operatorContainer(chart))).containsEntry("TTS_REDIS_PASSWORD", "shared-redis/password");
    assertThat(chart.kinds()).as("no in-chart Redis objects").doesNotContain("StatefulSet", "NetworkPolicy", "Secret");
  }

  @Test
  void tlsTurnsAnExternalRedisUrlIntoRediss() {
    RenderedChart chart = RenderedChart.render(Map.of("redis.tls.enabled", true), "external-redis.yaml");
    RenderedChart plain = RenderedChart.render(Map.of("redis.tls.enabled", true, "redis.externalUrl", "redis://redis.shared:6379"),
        "external-redis.yaml");

    assertThat(ChartRenderingTest.operatorConfig(chart)).extractingByKey("redis")
        .isEqualTo(Map.of("url", "rediss://redis.shared.svc.cluster.local:6380/2"));
    assertThat(ChartRenderingTest.operatorConfig(plain)).extractingByKey("redis").isEqualTo(Map.of("url", "rediss://redis.shared:6379"));
  }

  /** The chart cannot make up an external Redis' password: it must be told where it is. */
  @Test
  void anExternalRedisWithAuthNeedsTheNameOfItsPasswordSecret() {
    assertThatThrownBy(() -> RenderedChart.render(Map.of("redis.auth.existingSecret", ""), "external-redis.yaml"))
        .hasMessageContaining("redis.auth.existingSecret: name the Secret in namespace tts-system that holds the password of redis.externalUrl");
    assertThat(RenderedChart.render(Map.of("redis.auth.existingSecret", "", "redis.auth.enabled", false), "external-redis.yaml")
        .all(Deployment.class)).allSatisfy(d -> assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
            .noneMatch(env -> env.getName().equals("TTS_REDIS_PASSWORD")));
  }

  @Test
  void withoutAnyRedisTheInstallFailsSayingRedisIsRequired() {
    assertThatThrownBy(() -> RenderedChart.render(Map.of("redis.enabled", false)))
        .hasMessageContaining("Redis is required: set redis.enabled=true or redis.externalUrl");
  }

  @Test
  void theNetworkPolicySelectsTheRedisPods() {
    RenderedChart chart = RenderedChart.render();
    NetworkPolicy policy = chart.one(NetworkPolicy.class, FULLNAME + "-redis");

    assertThat(policy.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(policy.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
    assertThat(selects(policy.getSpec().getPodSelector().getMatchLabels(), podLabels(chart.one(StatefulSet.class, FULLNAME + "-redis"))))
        .as("podSelector matches the Redis pod template").isTrue();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule ->
        assertThat(rule.getPorts()).singleElement().satisfies(port -> {
          assertThat(port.getPort().getIntVal()).isEqualTo(6379);
          assertThat(port.getProtocol()).isEqualTo("TCP");
        }));
  }

  @Test
  void theNetworkPolicyAdmitsTheOperatorAndTheGatewayPods() {
    RenderedChart chart = RenderedChart.render();
    List<NetworkPolicyPeer> peers = peers(chart);

    assertThat(peers).hasSize(2);
    for (String deployment : List.of(FULLNAME, FULLNAME + "-gateway")) {
      Map<String, String> labels = podLabels(chart.one(Deployment.class, deployment));
      assertThat(peers).as("a peer that admits %s's pods", deployment)
          .anyMatch(peer -> selects(peer.getPodSelector().getMatchLabels(), labels));
    }
    assertThat(peers).as("neither peer admits Redis itself or anything else of the release")
        .noneMatch(peer -> selects(peer.getPodSelector().getMatchLabels(), podLabels(chart.one(StatefulSet.class, FULLNAME + "-redis"))));
  }

  /** Worker pods (in a team's namespace, or in the release namespace) have no route to Redis. */
  @Test
  void theNetworkPolicyAdmitsNoWorkerPodAndNothingFromOtherNamespaces() {
    List<NetworkPolicyPeer> peers = peers(RenderedChart.render());

    assertThat(peers).as("peers matching a worker pod's labels %s", WORKER_POD_LABELS)
        .noneMatch(peer -> selects(peer.getPodSelector().getMatchLabels(), WORKER_POD_LABELS));
    assertThat(peers).allSatisfy(peer -> {
      assertThat(peer.getNamespaceSelector()).as("namespaceSelector: none, so the release namespace only").isNull();
      assertThat(peer.getIpBlock()).as("ipBlock").isNull();
      assertThat(peer.getPodSelector().getMatchExpressions()).isNullOrEmpty();
      assertThat(peer.getPodSelector().getMatchLabels()).as("a peer that selects every pod").isNotEmpty();
    });
  }

  @Test
  void theNetworkPolicyCanBeLeftOutAndIsNotRenderedForAnExternalRedis() {
    assertThat(RenderedChart.render(Map.of("redis.networkPolicy.enabled", false)).all(NetworkPolicy.class)).isEmpty();
    assertThat(RenderedChart.render("external-redis.yaml").all(NetworkPolicy.class)).isEmpty();
  }

  private static List<NetworkPolicyPeer> peers(RenderedChart chart) {
    return chart.one(NetworkPolicy.class, FULLNAME + "-redis").getSpec().getIngress().stream()
        .flatMap(rule -> rule.getFrom().stream()).toList();
  }

  /** What a matchLabels selector does: every one of its labels is on the object. */
  private static boolean selects(Map<String, String> matchLabels, Map<String, String> labels) {
    return matchLabels != null && labels.entrySet().containsAll(matchLabels.entrySet());
  }

  private static Map<String, String> podLabels(Deployment deployment) {
    return deployment.getSpec().getTemplate().getMetadata().getLabels();
  }

  private static Map<String, String> podLabels(StatefulSet statefulSet) {
    return statefulSet.getSpec().getTemplate().getMetadata().getLabels();
  }

  private static Container redisContainer(RenderedChart chart) {
    return chart.one(StatefulSet.class, FULLNAME + "-redis").getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Container operatorContainer(RenderedChart chart) {
    return chart.one(Deployment.class, FULLNAME).getSpec().getTemplate().getSpec().getContainers().get(0);
  }
}
