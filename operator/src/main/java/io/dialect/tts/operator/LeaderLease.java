package io.dialect.tts.operator;

import io.dialect.tts.operator.config.OperatorConfig.LeaderElectionSettings;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lease replicas compete for. Two things JOSDK does not do for a graceful stop: it would
 * {@code System.exit} on losing leadership, which inside the JVM's shutdown hook (SIGTERM) blocks
 * forever; and it never gives the Lease back, so the standby waits out the lease duration. Here losing
 * leadership while running calls {@code lost} (the process exits and is restarted), and a stop releases
 * the Lease so a standby takes over within its retry period.
 */
public final class LeaderLease {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderLease.class);

  private final KubernetesClient client;
  private final LeaderElectionSettings settings;
  private final String identity;

  /** {@code identity}: the pod name (HOSTNAME) in a cluster; a random id when it is not set. */
  public LeaderLease(KubernetesClient client, LeaderElectionSettings settings, String identity) {
    this.client = client;
    this.settings = settings;
    this.identity = identity == null || identity.isBlank() ? UUID.randomUUID().toString() : identity;
  }

  public String identity() {
    return identity;
  }

  /**
   * JOSDK's configuration; {@code leading} runs when this replica becomes the leader (besides JOSDK starting
   * its reconcilers), {@code lost} when leadership ends while the operator is not stopping.
   */
  LeaderElectionConfiguration configuration(Runnable leading, Runnable lost) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
        .withLeaseNamespace(settings.leaseNamespace())
        .withIdentity(identity)
        .withExitOnStopLeading(false)
        .withLeaderCallbacks(new LeaderCallbacks(() -> {
          LOG.info("leading as {}", identity);
          leading.run();
        }, lost, leader -> LOG.info("leader is {}", leader)))
        .build();
  }

  /** Empties the holder if it is still this replica, so another can acquire the Lease at once. */
  void release() {
    try {
      Lease lease = client.leases().inNamespace(namespace()).withName(settings.leaseName()).get();
      if (lease == null || lease.getSpec() == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      lease.getSpec().setHolderIdentity(null);
      // Optimistic: the resourceVersion read above makes this fail if another replica acquired it meanwhile.
      client.resource(lease).update();
      LOG.info("released Lease {}/{}", namespace(), settings.leaseName());
    } catch (KubernetesClientException e) {
      LOG.warn("could not release Lease {}/{}: {}", namespace(), settings.leaseName(), e.getMessage());
    }
  }

  private String namespace() {
    return Objects.requireNonNullElseGet(settings.leaseNamespace(), client::getNamespace);
  }
}
