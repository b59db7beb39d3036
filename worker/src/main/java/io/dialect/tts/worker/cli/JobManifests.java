package io.dialect.tts.worker.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dialect.tts.api.v1alpha1.ApiGroup;
import io.dialect.tts.api.v1alpha1.TTSJob;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a TTSJob manifest file (the user's for a local run, the operator's copy in a pod). */
final class JobManifests {
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private JobManifests() {
  }

  /** The job, with namespace "default" when the manifest names none (as kubectl would apply it). */
  static TTSJob read(Path file) {
    TTSJob job;
    try {
      JsonNode manifest = YAML.readTree(file.toFile());
      // Checked on the text: the Java type always reports its own kind, whatever the file said.
      if (manifest == null || !"TTSJob".equals(manifest.path("kind").asText())
          || !ApiGroup.API_VERSION.equals(manifest.path("apiVersion").asText())) {
        throw new InvalidJobException(file + " is not a TTSJob (apiVersion " + ApiGroup.API_VERSION + ", kind TTSJob)");
      }
      job = YAML.treeToValue(manifest, TTSJob.class);
    } catch (NoSuchFileException | FileNotFoundException e) {
      throw new InvalidJobException(file + " does not exist");
    } catch (IOException e) {
      throw new InvalidJobException(file + " is not a valid TTSJob manifest: " + e.getMessage());
    }
    if (job.getSpec() == null || job.getMetadata() == null || job.getMetadata().getName() == null) {
      throw new InvalidJobException(file + " needs metadata.name and a spec");
    }
    if (job.getMetadata().getNamespace() == null) {
      job.getMetadata().setNamespace("default");
    }
    return job;
  }

  /** A job or configuration that cannot work: retrying is pointless. */
  static final class InvalidJobException extends RuntimeException {
    InvalidJobException(String message) {
      super(message);
    }
  }
}
