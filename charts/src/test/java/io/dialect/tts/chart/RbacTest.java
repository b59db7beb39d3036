package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The operator and the gateway get exactly what they need; the workers get nothing; no one reads a Secret. */
class RbacTest {
  private static final String FULLNAME = "tts-tts-operator";
  private final RenderedChart chart = RenderedChart.render("external-redis.yaml");

  /** Every (apiGroup, resource, verb) the operator may use, one line each: a change here is a review point. */
  private static final Set<String> EXPECTED_CLUSTER_GRANTS = new TreeSet<>(List.of(
      "tts.dialect.io ttsjobs get", "tts.dialect.io ttsjobs list", "tts.dialect.io ttsjobs watch",
      "tts.dialect.io ttsjobs update", "tts.dialect.io ttsjobs patch", "tts.dialect.io ttsjobs delete",
      "tts.dialect.io ttsquotas get", "tts.dialect.io ttsquotas list", "tts.dialect.io ttsquotas watch",
      "tts.dialect.io ttsquotas update", "tts.dialect.io ttsquotas patch",
      "tts.dialect.io ttsjobs/status get", "tts.dialect.io ttsjobs/status update", "tts.dialect.io ttsjobs/status patch",
      "tts.dialect.io ttsquotas/status get", "tts.dialect.io ttsquotas/status update", "tts.dialect.io ttsquotas/status patch",
      "tts.dialect.io ttsjobs/finalizers update",
      "batch jobs get", "batch jobs list", "batch jobs watch", "batch jobs create", "batch jobs update",
      "batch jobs patch", "batch jobs delete",
      "core configmaps get", "core configmaps list", "core configmaps watch", "core configmaps create",
      "core configmaps update", "core configmaps patch", "core configmaps delete",
      "core persistentvolumeclaims get",
      "core pods get", "core pods list", "core pods watch",
      "core events get", "core events create", "core events patch"));

  /** The gateway looks up what a caller's token names, one object at a time: no list, no watch, no Secrets. */
  private static final Set<String> EXPECTED_GATEWAY_GRANTS = new TreeSet<>(List.of(
      "authentication.k8s.io tokenreviews create",
      "core pods get",
      "batch jobs get",
      "tts.dialect.io ttsjobs get",
      "tts.dialect.io ttsquotas get",
      "tts.dialect.io ttsquotas list",
      "tts.dialect.io ttsquotas watch"));

  @Test
  void theOperatorClusterRoleGrantsExactlyTheExpectedVerbsAndNoSecrets() {
    ClusterRole role = chart.one(ClusterRole.class, FULLNAME);

    assertThat(grants(role.getRules())).as("ClusterRole %s grants", FULLNAME)
        .containsExactlyInAnyOrderElementsOf(EXPECTED_CLUSTER_GRANTS);
    assertThat(role.getRules()).as("no rule names resources by name or non-resource URLs")
        .allSatisfy(rule -> {
          assertThat(rule.getResourceNames()).isNullOrEmpty();
          assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        });
  }

  @Test
  void leaderElectionIsANamespacedRoleOnLeasesOnly() {
    Role role = chart.one(Role.class, FULLNAME + "-leader-election");

    assertThat(role.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(grants(role.getRules())).containsExactlyInAnyOrder(
        "coordination.k8s.io leases get", "coordination.k8s.io leases create", "coordination.k8s.io leases update",
        "coordination.k8s.io leases patch");
  }

  @Test
  void noRuleAnywhereUsesAWildcard() {
    Stream<PolicyRule> rules = Stream.concat(
        chart.all(ClusterRole.class).flatMap(r -> r.getRules().stream()),
        chart.all(Role.class).flatMap(r -> r.getRules().stream()));

    assertThat(rules).isNotEmpty().allSatisfy(rule -> assertThat(
        Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs()).flatMap(List::stream))
        .as("rule %s", rule).noneMatch(s -> s.contains("*")));
  }

  @Test
  void theGatewayClusterRoleGrantsExactlyTheExpectedVerbs() {
    ClusterRole role = chart.one(ClusterRole.class, FULLNAME + "-gateway");

    assertThat(grants(role.getRules())).as("ClusterRole %s-gateway grants", FULLNAME)
        .containsExactlyInAnyOrderElementsOf(EXPECTED_GATEWAY_GRANTS);
    assertThat(role.getRules()).allSatisfy(rule -> {
      assertThat(rule.getResourceNames()).isNullOrEmpty();
      assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
    });
  }

  /** Keys and credentials reach pods as environment variables; team namespaces hold none. */
  @Test
  void noRoleAnywhereGrantsAccessToSecrets() {
    Stream<PolicyRule> rules = Stream.concat(
        chart.all(ClusterRole.class).flatMap(r -> r.getRules().stream()),
        chart.all(Role.class).flatMap(r -> r.getRules().stream()));

    assertThat(rules).isNotEmpty().noneMatch(rule -> rule.getResources().contains("secrets"));
  }

  @Test
  void theSecretPresenceCheckOptionIsGone() {
    assertThatThrownBy(() -> RenderedChart.render(Map.of("rbac.secretPresenceCheck", true)))
        .hasMessageContaining("Additional property secretPresenceCheck is not allowed");
    assertThat(ChartRenderingTest.operatorConfig(chart)).doesNotContainKey("checkSecrets");
  }

  @Test
  void bindingsGiveEachRoleToItsOwnServiceAccountOnly() {
    Subject operator = new Subject(null, "ServiceAccount", FULLNAME, RenderedChart.NAMESPACE);
    Subject gateway = new Subject(null, "ServiceAccount", FULLNAME + "-gateway", RenderedChart.NAMESPACE);

    assertThat(chart.all(ClusterRoleBinding.class)).hasSize(2);
    assertThat(chart.one(ClusterRoleBinding.class, FULLNAME)).satisfies(binding -> {
      assertThat(binding.getRoleRef().getName()).isEqualTo(FULLNAME);
      assertThat(binding.getSubjects()).containsExactly(operator);
    });
    assertThat(chart.one(ClusterRoleBinding.class, FULLNAME + "-gateway")).satisfies(binding -> {
      assertThat(binding.getRoleRef().getName()).isEqualTo(FULLNAME + "-gateway");
      assertThat(binding.getSubjects()).containsExactly(gateway);
    });
    assertThat(chart.all(RoleBinding.class)).singleElement().satisfies(binding -> {
      assertThat(binding.getRoleRef().getName()).isEqualTo(FULLNAME + "-leader-election");
      assertThat(binding.getSubjects()).containsExactly(operator);
    });
    assertThat(chart.one(Deployment.class, FULLNAME).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(FULLNAME);
    assertThat(chart.one(Deployment.class, FULLNAME + "-gateway").getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(FULLNAME + "-gateway");
  }

  /** Worker pods get a projected token for the gateway from the operator, not an API token from here. */
  @Test
  void theWorkerServiceAccountExistsInEveryTeamNamespaceWithNoTokenAndNoBinding() {
    List<ServiceAccount> workers = chart.all(ServiceAccount.class)
        .filter(sa -> sa.getMetadata().getName().equals("tts-worker")).toList();

    assertThat(workers).extracting(sa -> sa.getMetadata().getNamespace())
        .containsExactlyInAnyOrder(RenderedChart.NAMESPACE, "team-a", "team-b");
    assertThat(workers).allSatisfy(sa -> assertThat(sa.getAutomountServiceAccountToken())
        .as("token automount of %s/tts-worker", sa.getMetadata().getNamespace()).isFalse());
    Stream<Subject> subjects = Stream.concat(
        chart.all(ClusterRoleBinding.class).flatMap(b -> b.getSubjects().stream()),
        chart.all(RoleBinding.class).flatMap(b -> b.getSubjects().stream()));
    assertThat(subjects).as("binding subjects").noneMatch(s -> s.getName().equals("tts-worker"));
    assertThat(workers).allSatisfy(sa -> {
      assertThat(sa.getSecrets()).as("Secrets of %s/tts-worker", sa.getMetadata().getNamespace()).isNullOrEmpty();
      assertThat(sa.getImagePullSecrets()).isNullOrEmpty();
    });
  }

  @Test
  void rbacCanBeLeftToTheClusterAdmin() {
    RenderedChart withoutRbac = RenderedChart.render(Map.of("rbac.create", false));

    assertThat(withoutRbac.kinds()).doesNotContain("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
    assertThat(withoutRbac.find(ServiceAccount.class, FULLNAME + "-gateway")).as("the identity the admin binds").isPresent();
  }

  private static Set<String> grants(List<PolicyRule> rules) {
    Set<String> grants = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add((group.isEmpty() ? "core" : group) + " " + resource + " " + verb);
          }
        }
      }
    }
    return grants;
  }
}
