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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The operator and the gateway get exactly what they need; the workers get nothing; no one reads a Secret. */
class RbacTest {
  static final String FULLNAME = "tts-tts-operator";
  /** Watches every namespace: the operator's rules are a ClusterRole. */
  private final RenderedChart chart = RenderedChart.render();
  /** Watches team-a and team-b: the operator's rules are a Role in each. */
  private final RenderedChart namespaced = RenderedChart.render("external-redis.yaml");

  /**
   * Every (apiGroup, resource, verb) the operator may use, with the code that needs it: an explicit table, checked
   * both ways against the rendered rules here, against the operator's sources by
   * {@link #theOperatorsSourcesReachExactlyTheResourcesTheRulesName} (a resource added or no longer used breaks
   * it), and for sufficiency by the end-to-end suite, which runs the operator with the chart's ServiceAccount.
   */
  private static final Map<String, String> OPERATOR_NEEDS = Map.ofEntries(
      Map.entry("tts.dialect.io ttsjobs list", "the TTSJob controller's informer"),
      Map.entry("tts.dialect.io ttsjobs watch", "the TTSJob controller's informer"),
      Map.entry("tts.dialect.io ttsjobs get", "JOSDK re-reads a TTSJob after a conflicting finalizer patch"),
      Map.entry("tts.dialect.io ttsjobs patch", "JOSDK adds and removes the cleanup finalizer"),
      Map.entry("tts.dialect.io ttsjobs delete", "TTSJobReconciler.expireAfterTtl"),
      Map.entry("tts.dialect.io ttsquotas list", "informers; QuotaAdmission and QuotaLimitsSync list a namespace's"),
      Map.entry("tts.dialect.io ttsquotas watch", "informers of both controllers"),
      Map.entry("tts.dialect.io ttsquotas get", "JOSDK re-reads a TTSQuota after a conflicting finalizer patch"),
      Map.entry("tts.dialect.io ttsquotas patch", "JOSDK adds and removes the limits-cleanup finalizer"),
      Map.entry("tts.dialect.io ttsjobs/status patch", "UpdateControl.patchStatus: server-side apply"),
      Map.entry("tts.dialect.io ttsquotas/status patch", "UpdateControl.patchStatus: server-side apply"),
      Map.entry("tts.dialect.io ttsjobs/finalizers update", "blockOwnerDeletion on the worker Job's owner reference"),
      Map.entry("batch jobs list", "the worker Job informer"),
      Map.entry("batch jobs watch", "the worker Job informer"),
      Map.entry("batch jobs create", "WorkerLauncher: a server-side apply that creates the worker Job"),
      Map.entry("batch jobs patch", "WorkerLauncher: server-side apply of the worker Job and its live settings"),
      Map.entry("core configmaps get", "ProviderConfigSource (the catalog); JobValidator (spec.source.configMapRef)"),
      Map.entry("core persistentvolumeclaims get", "JobValidator: spec.output.pvc exists"),
      Map.entry("core pods list", "the worker pod informer (WorkerPodsNotStarting)"),
      Map.entry("core pods watch", "the worker pod informer (WorkerPodsNotStarting)"),
      Map.entry("core events get", "EventRecorder finds the Event a repeat counts on"),
      Map.entry("core events create", "EventRecorder"),
      Map.entry("core events patch", "EventRecorder bumps the count of a repeated Event"));

  /** The resources of the entry points the operator's sources call, as a rule names them. */
  private static final Map<String, String> RESOURCE_OF_CLIENT_CALL = Map.of(
      "Reconciler<TTSJob>", "tts.dialect.io ttsjobs", "resources(TTSJob.class)", "tts.dialect.io ttsjobs",
      "Reconciler<TTSQuota>", "tts.dialect.io ttsquotas", "resources(TTSQuota.class)", "tts.dialect.io ttsquotas",
      "from(TTSQuota.class", "tts.dialect.io ttsquotas",
      "from(Job.class", "batch jobs", "from(Pod.class", "core pods",
      "configMaps()", "core configmaps", "persistentVolumeClaims()", "core persistentvolumeclaims",
      "events()", "core events");
  /** The operator's own Lease, granted by the leader-election Role. */
  private static final String LEASES = "leases()";
  private static final Pattern CLIENT_CALL = Pattern.compile(
      "Reconciler<\\w+>|resources\\(\\w+\\.class\\)|from\\(\\w+\\.class|\\b[a-z]\\w*\\(\\)(?=\\s*\\.\\s*(inNamespace|inAnyNamespace)\\()");

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
  void theOperatorClusterRoleGrantsExactlyWhatTheCodeNeedsAndNoSecrets() {
    ClusterRole role = chart.one(ClusterRole.class, FULLNAME);

    assertThat(grants(role.getRules())).as("ClusterRole %s grants", FULLNAME)
        .containsExactlyInAnyOrderElementsOf(OPERATOR_NEEDS.keySet());
    assertThat(role.getRules()).as("no rule names resources by name or non-resource URLs")
        .allSatisfy(rule -> {
          assertThat(rule.getResourceNames()).isNullOrEmpty();
          assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        });
  }

  @Test
  void theOperatorsSourcesReachExactlyTheResourcesTheRulesName() throws IOException {
    Set<String> reached = new TreeSet<>();
    Set<String> unknown = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("../operator/src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher call = CLIENT_CALL.matcher(Files.readString(file));
        while (call.find()) {
          String found = call.group();
          if (RESOURCE_OF_CLIENT_CALL.containsKey(found)) {
            reached.add(RESOURCE_OF_CLIENT_CALL.get(found));
          } else if (!found.equals(LEASES)) {
            unknown.add(found + " in " + file.getFileName());
          }
        }
      }
    }
    Set<String> granted = new TreeSet<>();
    // A subresource (status, finalizers) comes with its resource.
    OPERATOR_NEEDS.keySet().forEach(grant -> granted.add(grant.replaceAll("(/\\w+)? \\w+$", "")));

    assertThat(unknown).as("client calls this test cannot place: grant what they need in templates/rbac.yaml and "
        + "name their resource in RESOURCE_OF_CLIENT_CALL").isEmpty();
    assertThat(granted).as("resources the operator's rules name vs those its code reaches")
        .containsExactlyInAnyOrderElementsOf(reached);
  }

  @Test
  void withWatchNamespacesTheOperatorGetsTheSameRulesAsRolesInThoseNamespacesOnly() {
    assertThat(namespaced.find(ClusterRole.class, FULLNAME)).as("no cluster-wide operator role").isEmpty();
    assertThat(namespaced.all(ClusterRoleBinding.class)).noneMatch(b -> b.getMetadata().getName().equals(FULLNAME));
    List<Role> roles = namespaced.all(Role.class).filter(r -> r.getMetadata().getName().equals(FULLNAME)).toList();
    assertThat(roles).extracting(r -> r.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(roles).allSatisfy(role -> assertThat(grants(role.getRules()))
        .containsExactlyInAnyOrderElementsOf(OPERATOR_NEEDS.keySet()));
    Subject operator = new Subject(null, "ServiceAccount", FULLNAME, RenderedChart.NAMESPACE);
    assertThat(namespaced.all(RoleBinding.class).filter(b -> b.getMetadata().getName().equals(FULLNAME)))
        .extracting(b -> b.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(namespaced.all(RoleBinding.class).filter(b -> b.getMetadata().getName().equals(FULLNAME)))
        .allSatisfy(b -> {
          assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
          assertThat(b.getSubjects()).containsExactly(operator);
        });
    assertThat(namespaced.one(Role.class, FULLNAME + "-provider-config")).satisfies(role -> {
      assertThat(role.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
      assertThat(role.getRules()).singleElement().satisfies(rule -> {
        assertThat(rule.getResources()).containsExactly("configmaps");
        assertThat(rule.getResourceNames()).containsExactly(FULLNAME + "-providers");
        assertThat(rule.getVerbs()).containsExactly("get");
      });
    });
    assertThat(ChartRenderingTest.operatorConfig(namespaced).get("namespaces"))
        .as("the operator watches the namespaces its Roles cover").isEqualTo(List.of("team-a", "team-b"));
  }

  @Test
  void teamsWithEditOrAdminRunTTSJobsAndTeamsWithViewReadThem() {
    ClusterRole editor = chart.one(ClusterRole.class, "tts-job-editor");
    ClusterRole viewer = chart.one(ClusterRole.class, "tts-job-viewer");

    assertThat(editor.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .doesNotContainKey("rbac.authorization.k8s.io/aggregate-to-view");
    assertThat(grants(editor.getRules())).contains(
        "tts.dialect.io ttsjobs create", "tts.dialect.io ttsjobs update", "tts.dialect.io ttsjobs patch",
        "tts.dialect.io ttsjobs delete", "tts.dialect.io ttsjobs deletecollection", "tts.dialect.io ttsjobs list",
        "tts.dialect.io ttsjobs/status get", "tts.dialect.io ttsquotas get", "tts.dialect.io ttsquotas list");
    assertThat(viewer.getMetadata().getLabels()).containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true")
        .doesNotContainKeys("rbac.authorization.k8s.io/aggregate-to-edit", "rbac.authorization.k8s.io/aggregate-to-admin");
    assertThat(grants(viewer.getRules())).containsExactlyInAnyOrder(
        "tts.dialect.io ttsjobs get", "tts.dialect.io ttsjobs list", "tts.dialect.io ttsjobs watch",
        "tts.dialect.io ttsjobs/status get", "tts.dialect.io ttsjobs/status list", "tts.dialect.io ttsjobs/status watch",
        "tts.dialect.io ttsquotas get", "tts.dialect.io ttsquotas list", "tts.dialect.io ttsquotas watch",
        "tts.dialect.io ttsquotas/status get", "tts.dialect.io ttsquotas/status list",
        "tts.dialect.io ttsquotas/status watch");
  }

  /** Budgets are the platform's: no role aggregated into the built-in ones lets a team write a TTSQuota. */
  @Test
  void noAggregatedRoleWritesATTSQuotaOrAJobsStatus() {
    List<ClusterRole> aggregated = chart.all(ClusterRole.class).filter(role -> role.getMetadata().getLabels().keySet()
        .stream().anyMatch(label -> label.startsWith("rbac.authorization.k8s.io/aggregate-to-"))).toList();

    assertThat(aggregated).hasSize(2).allSatisfy(role -> assertThat(grants(role.getRules()))
        .noneMatch(grant -> grant.matches("tts\\.dialect\\.io (ttsquotas|ttsquotas/status|ttsjobs/status) "
            + "(create|update|patch|delete|deletecollection)")));
  }

  @Test
  void theUserRolesCanBeLeftToAnotherRelease() {
    RenderedChart second = RenderedChart.render(Map.of("rbac.userRoles", false), "external-redis.yaml");

    assertThat(second.find(ClusterRole.class, "tts-job-editor")).isEmpty();
    assertThat(second.find(ClusterRole.class, "tts-job-viewer")).isEmpty();
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

  /**
   * Worker pods run as their namespace's default ServiceAccount with a projected token for the gateway only: the
   * chart makes no ServiceAccount in any team namespace, and binds none but the operator's and the gateway's.
   */
  @Test
  void theChartCreatesNoWorkerServiceAccountAndBindsOnlyTheOperatorAndTheGateway() {
    Set<Subject> platform = Set.of(new Subject(null, "ServiceAccount", FULLNAME, RenderedChart.NAMESPACE),
        new Subject(null, "ServiceAccount", FULLNAME + "-gateway", RenderedChart.NAMESPACE));

    for (RenderedChart rendered : List.of(chart, namespaced)) {
      assertThat(rendered.all(ServiceAccount.class)).extracting(sa -> sa.getMetadata().getNamespace() + "/" + sa.getMetadata().getName())
          .containsExactlyInAnyOrder(RenderedChart.NAMESPACE + "/" + FULLNAME, RenderedChart.NAMESPACE + "/" + FULLNAME + "-gateway");
      Stream<Subject> subjects = Stream.concat(
          rendered.all(ClusterRoleBinding.class).flatMap(b -> b.getSubjects().stream()),
          rendered.all(RoleBinding.class).flatMap(b -> b.getSubjects().stream()));
      assertThat(subjects).as("binding subjects").allMatch(platform::contains);
    }
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
