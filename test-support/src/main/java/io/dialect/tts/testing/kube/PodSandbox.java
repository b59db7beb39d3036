package io.dialect.tts.testing.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One pod's files on the host, laid out as a kubelet does before it starts containers: each volume
 * materialised in its own directory (ConfigMap and Secret keys as files, projected ServiceAccount
 * tokens from the TokenRequest API, emptyDirs, and one directory per PersistentVolumeClaim shared by
 * every pod that mounts it), and each container's environment resolved (values, {@code fieldRef},
 * {@code secretKeyRef}, {@code configMapKeyRef}, {@code envFrom}, {@code $(VAR)} expansion). What a
 * kubelet would refuse is a {@link ContainerConfigException} with the kubelet's wording.
 */
final class PodSandbox {
  private static final Pattern FIELD_KEY = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)']");
  private static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

  private final KubernetesClient client;
  private final Pod pod;
  private final Path root;
  private final Path claims;
  private final List<ProjectedToken> tokens = new ArrayList<>();

  /** A projected token file and when to fetch a fresh one (80 % of its lifetime, as the kubelet does). */
  record ProjectedToken(Path file, ServiceAccountTokenProjection projection, Instant refreshAt) {
  }

  PodSandbox(KubernetesClient client, Pod pod, Path podsDir, Path claimsDir) {
    this.client = client;
    this.pod = pod;
    this.root = podsDir.resolve(pod.getMetadata().getUid());
    this.claims = claimsDir;
  }

  Path root() {
    return root;
  }

  Path log(String container) {
    return root.resolve(container + ".log");
  }

  /** Where a claim's files live: shared by every pod of the namespace that mounts it. */
  static Path claimDir(Path claimsDir, String namespace, String claim) {
    return claimsDir.resolve(namespace).resolve(claim);
  }

  /** Materialises every volume; returns volume name to host directory. */
  Map<String, Path> volumes() throws ContainerConfigException {
    Map<String, Path> dirs = new LinkedHashMap<>();
    try {
      Files.createDirectories(root);
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
      for (Volume volume : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
        dirs.put(volume.getName(), materialise(volume));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dirs;
  }

  /** Token files due for a refresh are fetched again and replaced atomically. */
  synchronized void refreshTokens(Instant now) {
    for (int i = 0; i < tokens.size(); i++) {
      ProjectedToken token = tokens.get(i);
      if (!now.isBefore(token.refreshAt())) {
        try {
          tokens.set(i, writeToken(token.file(), token.projection()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private Path materialise(Volume volume) throws IOException, ContainerConfigException {
    String namespace = pod.getMetadata().getNamespace();
    if (volume.getPersistentVolumeClaim() != null) {
      String claim = volume.getPersistentVolumeClaim().getClaimName();
      if (client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get() == null) {
        throw new ContainerConfigException("ContainerCreating", "persistentvolumeclaim \"" + claim + "\" not found");
      }
      Path dir = claimDir(claims, namespace, claim);
      Files.createDirectories(dir);
      shareWithGroup(dir);
      return dir;
    }
    Path dir = root.resolve("volumes").resolve(volume.getName());
    Files.createDirectories(dir);
    if (volume.getEmptyDir() != null) {
      shareWithGroup(dir);
    } else if (volume.getConfigMap() != null) {
      var source = volume.getConfigMap();
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(source.getName()).get();
      if (map == null && !Boolean.TRUE.equals(source.getOptional())) {
        throw mountFailed(volume, "configmap \"" + source.getName() + "\" not found");
      }
      writeKeys(volume, dir, map == null ? Map.of() : configMapData(map), source.getItems(), source.getDefaultMode());
    } else if (volume.getSecret() != null) {
      var source = volume.getSecret();
      Secret secret = client.secrets().inNamespace(namespace).withName(source.getSecretName()).get();
      if (secret == null && !Boolean.TRUE.equals(source.getOptional())) {
        throw mountFailed(volume, "secret \"" + source.getSecretName() + "\" not found");
      }
      writeKeys(volume, dir, secret == null ? Map.of() : secretData(secret), source.getItems(), source.getDefaultMode());
    } else if (volume.getProjected() != null) {
      for (VolumeProjection projection : volume.getProjected().getSources()) {
        project(volume, dir, projection, volume.getProjected().getDefaultMode());
      }
    } else {
      throw new ContainerConfigException("ContainerCreating", "volume \"" + volume.getName()
          + "\": this process kubelet supports emptyDir, configMap, secret, projected and persistentVolumeClaim");
    }
    return dir;
  }

  private void project(Volume volume, Path dir, VolumeProjection projection, Integer mode)
      throws IOException, ContainerConfigException {
    String namespace = pod.getMetadata().getNamespace();
    if (projection.getServiceAccountToken() != null) {
      ServiceAccountTokenProjection token = projection.getServiceAccountToken();
      synchronized (this) {
        tokens.add(writeToken(dir.resolve(token.getPath()), token));
      }
    } else if (projection.getConfigMap() != null) {
      var source = projection.getConfigMap();
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(source.getName()).get();
      if (map == null && !Boolean.TRUE.equals(source.getOptional())) {
        throw mountFailed(volume, "configmap \"" + source.getName() + "\" not found");
      }
      writeKeys(volume, dir, map == null ? Map.of() : configMapData(map), source.getItems(), mode);
    } else if (projection.getSecret() != null) {
      var source = projection.getSecret();
      Secret secret = client.secrets().inNamespace(namespace).withName(source.getName()).get();
      if (secret == null && !Boolean.TRUE.equals(source.getOptional())) {
        throw mountFailed(volume, "secret \"" + source.getName() + "\" not found");
      }
      writeKeys(volume, dir, secret == null ? Map.of() : secretData(secret), source.getItems(), mode);
    } else if (projection.getDownwardAPI() != null) {
      for (var item : projection.getDownwardAPI().getItems()) {
        write(dir.resolve(item.getPath()), field(item.getFieldRef(), null, null).getBytes(StandardCharsets.UTF_8), mode);
      }
    }
  }

  /** A token for the pod's ServiceAccount, bound to this pod, as the kubelet requests it. */
  private ProjectedToken writeToken(Path file, ServiceAccountTokenProjection projection) throws IOException {
    long seconds = projection.getExpirationSeconds() == null ? 3600 : projection.getExpirationSeconds();
    TokenRequest request = new TokenRequestBuilder().withNewSpec()
        .withAudiences(projection.getAudience() == null ? List.of() : List.of(projection.getAudience()))
        .withExpirationSeconds(seconds)
        .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod")
          .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endBoundObjectRef()
        .endSpec().build();
    String serviceAccount = pod.getSpec().getServiceAccountName() == null ? "default"
        : pod.getSpec().getServiceAccountName();
    TokenRequest issued = client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace())
        .withName(serviceAccount).tokenRequest(request);
    write(file, issued.getStatus().getToken().getBytes(StandardCharsets.UTF_8), 0644);
    return new ProjectedToken(file, projection, Instant.now().plusSeconds(seconds * 8 / 10));
  }

  /** The container's environment, in the order a kubelet builds it: envFrom, then env (later wins). */
  Map<String, String> env(Container container, String podIp, String hostIp) throws ContainerConfigException {
    Map<String, String> env = new LinkedHashMap<>();
    String namespace = pod.getMetadata().getNamespace();
    for (EnvFromSource from : container.getEnvFrom() == null ? List.<EnvFromSource>of() : container.getEnvFrom()) {
      String prefix = from.getPrefix() == null ? "" : from.getPrefix();
      if (from.getConfigMapRef() != null) {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(from.getConfigMapRef().getName()).get();
        if (map == null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
          throw configError("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
        }
        if (map != null && map.getData() != null) {
          map.getData().forEach((k, v) -> env.put(prefix + k, v));
        }
      } else if (from.getSecretRef() != null) {
        Secret secret = client.secrets().inNamespace(namespace).withName(from.getSecretRef().getName()).get();
        if (secret == null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
          throw configError("secret \"" + from.getSecretRef().getName() + "\" not found");
        }
        if (secret != null) {
          secretData(secret).forEach((k, v) -> env.put(prefix + k, new String(v, StandardCharsets.UTF_8)));
        }
      }
    }
    for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      String value = value(variable, podIp, hostIp);
      if (value != null) {
        env.put(variable.getName(), expand(value, env));
      }
    }
    return env;
  }

  /** {@code $(VAR)} references to earlier variables are expanded, as in a pod spec; unknown ones stay. */
  static String expand(String text, Map<String, String> env) {
    Matcher matcher = VAR_REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement = env.getOrDefault(matcher.group(1), matcher.group());
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private String value(EnvVar variable, String podIp, String hostIp) throws ContainerConfigException {
    if (variable.getValueFrom() == null) {
      return variable.getValue() == null ? "" : variable.getValue();
    }
    var from = variable.getValueFrom();
    String namespace = pod.getMetadata().getNamespace();
    if (from.getFieldRef() != null) {
      return field(from.getFieldRef(), podIp, hostIp);
    }
    if (from.getSecretKeyRef() != null) {
      var ref = from.getSecretKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
      if (secret == null) {
        if (optional) {
          return null;
        }
        throw configError("secret \"" + ref.getName() + "\" not found");
      }
      byte[] data = secretData(secret).get(ref.getKey());
      if (data == null) {
        if (optional) {
          return null;
        }
        throw configError("couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
      }
      return new String(data, StandardCharsets.UTF_8);
    }
    if (from.getConfigMapKeyRef() != null) {
      var ref = from.getConfigMapKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
      if (map == null) {
        if (optional) {
          return null;
        }
        throw configError("configmap \"" + ref.getName() + "\" not found");
      }
      String value = map.getData() == null ? null : map.getData().get(ref.getKey());
      if (value == null) {
        if (optional) {
          return null;
        }
        throw configError("couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
      }
      return value;
    }
    throw configError("env " + variable.getName() + ": this process kubelet supports fieldRef, secretKeyRef and "
        + "configMapKeyRef");
  }

  private String field(ObjectFieldSelector selector, String podIp, String hostIp) throws ContainerConfigException {
    String path = selector.getFieldPath();
    Matcher keyed = FIELD_KEY.matcher(path);
    if (keyed.matches()) {
      Map<String, String> values = "labels".equals(keyed.group(1)) ? pod.getMetadata().getLabels()
          : pod.getMetadata().getAnnotations();
      return values == null ? "" : values.getOrDefault(keyed.group(2), "");
    }
    return switch (path) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
      case "status.podIP", "status.podIPs" -> podIp;
      case "status.hostIP", "status.hostIPs" -> hostIp;
      default -> throw configError("unsupported fieldRef " + path);
    };
  }

  private void writeKeys(Volume volume, Path dir, Map<String, byte[]> data, List<KeyToPath> items, Integer mode)
      throws IOException, ContainerConfigException {
    if (items == null || items.isEmpty()) {
      for (Map.Entry<String, byte[]> entry : data.entrySet()) {
        write(dir.resolve(entry.getKey()), entry.getValue(), mode);
      }
      return;
    }
    for (KeyToPath item : items) {
      byte[] value = data.get(item.getKey());
      if (value == null) {
        throw mountFailed(volume, "configmap or secret references non-existent key " + item.getKey());
      }
      write(dir.resolve(item.getPath()), value, item.getMode() != null ? item.getMode() : mode);
    }
  }

  /** Files are owned by root with the pod's fsGroup as group, mode as given (default 0644), like the kubelet's. */
  private void write(Path file, byte[] content, Integer mode) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), ".kubelet", ".tmp");
    Files.write(temp, content);
    Files.setPosixFilePermissions(temp, permissions(mode == null ? 0644 : mode));
    fsGroup().ifPresent(group -> setGroup(temp, group));
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** emptyDir and claim directories: writable by the pod's fsGroup, new files inherit it (setgid). */
  private void shareWithGroup(Path dir) throws IOException {
    var group = fsGroup();
    if (group.isPresent()) {
      setGroup(dir, group.get());
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
      // Files.setPosixFilePermissions cannot set the setgid bit.
      run(List.of("chmod", "g+s", dir.toString()));
    } else {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
  }

  private Optional<Long> fsGroup() {
    PodSecurityContext context = pod.getSpec().getSecurityContext();
    return Optional.ofNullable(context == null ? null : context.getFsGroup());
  }

  private static void setGroup(Path path, long gid) {
    run(List.of("chown", ":" + gid, path.toString()));
  }

  private static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < bits.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(bits[bit]);
      }
    }
    return set;
  }

  private static Map<String, byte[]> configMapData(ConfigMap map) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (map.getData() != null) {
      map.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (map.getBinaryData() != null) {
      map.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    return data;
  }

  private static Map<String, byte[]> secretData(Secret secret) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return data;
  }

  private static ContainerConfigException configError(String message) {
    return new ContainerConfigException("CreateContainerConfigError", message);
  }

  private static ContainerConfigException mountFailed(Volume volume, String cause) {
    return new ContainerConfigException("ContainerCreating",
        "MountVolume.SetUp failed for volume \"" + volume.getName() + "\" : " + cause);
  }

  /** Removes the pod's volumes and mount staging, keeping the logs (claims are not the pod's: they stay). */
  void clean() {
    deleteTree(root.resolve("volumes"));
    deleteTree(ContainerLaunch.staging(pod));
  }

  private static void deleteTree(Path top) {
    if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = Files.walk(top)) {
      walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
