package io.dialect.tts.testing.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The command line that runs one container as a process the way a container runtime would: inside
 * the pod's network namespace, in a private mount namespace where each volume (and each file the image
 * ships) is bind-mounted at its path (read-only where asked, and the root file system read-only when
 * the security context says so), as the user, group and fsGroup of the security context, with the
 * image's entry point followed by the container's command and args.
 */
final class ContainerLaunch {
  /** Where each pod's mount sources are staged on the host; see {@link #of}. */
  static final Path STAGING = Path.of("/run/process-kubelet");

  private ContainerLaunch() {
  }

  private record Mount(Path source, String target, boolean readOnly) {
  }

  static ProcessBuilder of(Pod pod, Container container, ImageRuntime image, Map<String, Path> volumes,
      PodNetwork.Attachment network, Map<String, String> env, Path log) {
    List<Mount> mounts = mounts(container, image, volumes);
    // Every source is first bound under a staging directory, then from there onto its target: a target
    // such as /tmp would otherwise hide the sources that live below it on the host.
    Path staging = staging(pod);
    StringBuilder script = new StringBuilder("set -e\n");
    for (int i = 0; i < mounts.size(); i++) {
      Mount mount = mounts.get(i);
      createMountPoint(staging.resolve(String.valueOf(i)), Files.isDirectory(mount.source()));
      createMountPoint(Path.of(mount.target()), Files.isDirectory(mount.source()));
      script.append("mount --bind ").append(quote(mount.source().toString())).append(' ')
          .append(quote(staging.resolve(String.valueOf(i)).toString())).append('\n');
    }
    for (int i = 0; i < mounts.size(); i++) {
      Mount mount = mounts.get(i);
      script.append("mount --bind ").append(quote(staging.resolve(String.valueOf(i)).toString())).append(' ')
          .append(quote(mount.target())).append('\n');
      if (mount.readOnly()) {
        script.append("mount -o remount,bind,ro ").append(quote(mount.target())).append('\n');
      }
    }
    // Last: a bind mount made after this would inherit the read-only flag of the root it comes from.
    if (readOnlyRoot(container)) {
      script.append("mount -o remount,bind,ro /\n");
    }
    script.append("cd ").append(quote(container.getWorkingDir() == null ? "/" : container.getWorkingDir()))
        .append('\n');
    script.append("exec");
    user(pod, container).forEach(arg -> script.append(' ').append(quote(arg)));
    command(container, image, env).forEach(arg -> script.append(' ').append(quote(arg)));
    script.append('\n');

    List<String> command = new ArrayList<>(PodNetwork.enter(network));
    command.addAll(List.of("unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", script.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
    builder.environment().put("HOSTNAME", pod.getMetadata().getName());
    builder.environment().putAll(image.env());
    builder.environment().putAll(env);
    return builder;
  }

  /** The host directory where a pod's mount sources are staged; removed when the pod ends. */
  static Path staging(Pod pod) {
    return STAGING.resolve(pod.getMetadata().getUid());
  }

  /** The image's files first, then the volumes, parents before children so nested mounts land on top. */
  private static List<Mount> mounts(Container container, ImageRuntime image, Map<String, Path> volumes) {
    List<Mount> mounts = new ArrayList<>();
    image.files().forEach((target, source) -> mounts.add(new Mount(source, target, true)));
    for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of()
        : container.getVolumeMounts()) {
      Path source = volumes.get(mount.getName());
      if (source == null) {
        throw new IllegalArgumentException("volumeMount " + mount.getName() + " names no volume of the pod");
      }
      if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
        source = source.resolve(mount.getSubPath());
      }
      mounts.add(new Mount(source, mount.getMountPath(), Boolean.TRUE.equals(mount.getReadOnly())));
    }
    mounts.sort(Comparator.comparing(m -> Path.of(m.target()).getNameCount()));
    return mounts;
  }

  /** The image's entry point, replaced by {@code command} when set, then {@code args}; $(VAR) expanded. */
  private static List<String> command(Container container, ImageRuntime image, Map<String, String> env) {
    List<String> command = new ArrayList<>(container.getCommand() == null || container.getCommand().isEmpty()
        ? image.entrypoint() : container.getCommand());
    if (container.getArgs() != null) {
      command.addAll(container.getArgs());
    }
    return command.stream().map(arg -> PodSandbox.expand(arg, env)).toList();
  }

  /** setpriv to the security context's user, group and the fsGroup as a supplementary group. */
  private static List<String> user(Pod pod, Container container) {
    PodSecurityContext podContext = pod.getSpec().getSecurityContext();
    SecurityContext own = container.getSecurityContext();
    Long uid = own != null && own.getRunAsUser() != null ? own.getRunAsUser()
        : podContext == null ? null : podContext.getRunAsUser();
    if (uid == null) {
      return List.of();
    }
    Long gid = own != null && own.getRunAsGroup() != null ? own.getRunAsGroup()
        : podContext != null && podContext.getRunAsGroup() != null ? podContext.getRunAsGroup() : uid;
    Long fsGroup = podContext == null ? null : podContext.getFsGroup();
    List<String> setpriv = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid));
    setpriv.add(fsGroup == null ? "--clear-groups" : "--groups=" + fsGroup);
    setpriv.addAll(List.of("--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"));
    return setpriv;
  }

  private static boolean readOnlyRoot(Container container) {
    return container.getSecurityContext() != null
        && Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem());
  }

  /** Mount points must exist before the bind; a container image would have them, the host may not. */
  private static void createMountPoint(Path target, boolean directory) {
    try {
      if (directory) {
        Files.createDirectories(target);
      } else if (!Files.exists(target)) {
        Files.createDirectories(target.getParent());
        Files.createFile(target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create mount point " + target, e);
    }
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
