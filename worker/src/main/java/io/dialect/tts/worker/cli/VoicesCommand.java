package io.dialect.tts.worker.cli;

import io.dialect.tts.api.catalog.DialectEntry;
import io.dialect.tts.api.catalog.VoiceCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code voices [--dialect D] [--config FILE]}: lists the voice catalog. */
@Command(name = "voices", mixinStandardHelpOptions = true,
    description = "List dialects, their voices and each provider's voice id.")
final class VoicesCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--dialect", description = "Only this dialect.")
  private String dialect;

  @Option(names = "--config", description = "Provider config file whose catalog to list (default: the built-in catalog).")
  private Path config;

  @Override
  public Integer call() throws IOException {
    VoiceCatalog catalog = config == null
        ? VoiceCatalog.defaultCatalog()
        : VoiceCatalog.fromConfigYaml(Files.readString(config));
    PrintWriter out = spec.commandLine().getOut();
    if (dialect != null && catalog.dialect(dialect).isEmpty()) {
      spec.commandLine().getErr().printf("unknown dialect %s; known: %s%n", dialect, catalog.dialectIds());
      return 2;
    }
    out.printf("%-12s %-22s %-8s %s%n", "DIALECT", "VOICE", "DEFAULT", "PROVIDERS");
    for (String id : catalog.dialectIds()) {
      if (dialect != null && !dialect.equals(id)) {
        continue;
      }
      DialectEntry entry = catalog.dialect(id).orElseThrow();
      for (Map.Entry<String, Map<String, String>> voice : new TreeMap<>(entry.voices()).entrySet()) {
        out.printf("%-12s %-22s %-8s %s%n", id, voice.getKey(),
            voice.getKey().equals(entry.defaultVoice()) ? "yes" : "", new TreeMap<>(voice.getValue()));
      }
    }
    return 0;
  }
}
