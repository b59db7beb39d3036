package io.dialect.tts.chart;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The operator gets exactly what it needs; the workers get nothing. */
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
  void bindingsGiveTheRolesToTheOperatorServiceAccountOnly() {
    Subject operator = new Subject(null, "ServiceAccount", FULLNAME, RenderedChart.NAMESPACE);

    assertThat(chart.all(ClusterRoleBinding.class)).singleElement().satisfies(binding -> {
      assertThat(binding.getRoleRef().getName()).isEqualTo(FULLNAME);
      assertThat(binding.getSubjects()).containsExactly(operator);
    });
    assertThat(chart.all(RoleBinding.class)).singleElement().satisfies(binding -> {
      assertThat(binding.getRoleRef().getName()).isEqualTo(FULLNAME + "-leader-election");
      assertThat(binding.getSubjects()).containsExactly(operator);
    });
    assertThat(chart.one(Deployment.class, FULLNAME).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(FULLNAME);
  }

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
  }

  @Test
  void theSecretPresenceCheckIsOptInAndAddsOnlyGetOnSecrets() {
    RenderedChart chart = RenderedChart.render(Map.of("rbac.secretPresenceCheck", true));
    ClusterRole role = chart.one(ClusterRole.class, FULLNAME);

    Set<String> expected = new TreeSet<>(EXPECTED_CLUSTER_GRANTS);
    expected.add("core secrets get");
    assertThat(grants(role.getRules())).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(ChartRenderingTest.operatorConfig(chart)).as("the operator checks Secrets only when it may read them")
        .containsEntry("checkSecrets", true);
    assertThat(ChartRenderingTest.operatorConfig(RenderedChart.render())).containsEntry("checkSecrets", false);
  }

  @Test
  void rbacCanBeLeftToTheClusterAdmin() {
    RenderedChart withoutRbac = RenderedChart.render(Map.of("rbac.create", false));

    assertThat(withoutRbac.kinds()).doesNotContain("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
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
