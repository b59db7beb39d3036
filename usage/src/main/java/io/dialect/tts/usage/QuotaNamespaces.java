package io.dialect.tts.usage;

/**
 * Which namespaces have a TTSQuota, as the API server says. Where one has, limits missing from Redis mean
 * Redis lost them (a restart without persistence, a flush), not that the namespace is unlimited: the
 * ledger then refuses until the operator has published them again.
 */
@FunctionalInterface
public interface QuotaNamespaces {
  /** No namespace is known to have a quota: missing limits mean none (the local run, tests). */
  QuotaNamespaces NONE = namespace -> false;

  boolean hasQuota(String namespace);
}
