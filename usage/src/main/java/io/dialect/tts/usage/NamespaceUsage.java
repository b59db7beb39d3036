package io.dialect.tts.usage;

/** A namespace's usage in the daily and monthly windows {@code windows} names. */
public record NamespaceUsage(UsageWindows windows, WindowUsage day, WindowUsage month) {
}
