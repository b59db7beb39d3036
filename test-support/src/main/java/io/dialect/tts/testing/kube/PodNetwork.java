package io.dialect.tts.testing.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Pod networking for {@link ProcessKubelet}, as a CNI bridge plugin would do it: a Linux bridge on
 * the host with the first address of a /24, and per pod a network namespace joined to the bridge by a
 * veth pair, with its own address and a default route to the host. So every pod has its own IP and
 * ports, and reaches only what listens on the host's bridge address (or on all addresses).
 * Needs root and iproute2.
 */
final class PodNetwork implements AutoCloseable {
  /** Bridges are {@code pkl<pid in base 36>}, namespaces {@code <bridge>-<n>}, host veths {@code <bridge>v<n>}. */
  private static final String PREFIX = "pkl";
  private final String bridge;
  private final String subnet;
  private final BitSet used = new BitSet(256);
  private final Map<String, Attachment> attached = new ConcurrentHashMap<>();

  /** One pod's namespace and address. */
  record Attachment(String namespace, String hostVeth, String ip) {
  }

  private PodNetwork(String bridge, String subnet) {
    this.bridge = bridge;
    this.subnet = subnet;
    used.set(0);
    used.set(1);
    used.set(255);
  }

  /**
   * Creates a bridge named after this JVM's pid and a random 10.x.y.0/24 not routed on this host yet.
   * Bridges and namespaces left by a JVM that is gone (killed before it could clean up) are removed first.
   */
  static PodNetwork create() {
    requireRoot();
    removeLeftovers();
    String bridge = PREFIX + Long.toString(ProcessHandle.current().pid(), Character.MAX_RADIX);
    for (int attempt = 0; attempt < 20; attempt++) {
      String subnet = "10." + ThreadLocalRandom.current().nextInt(200, 250) + "."
          + ThreadLocalRandom.current().nextInt(1, 255);
      if (!ip("route").contains(subnet + ".0/24")) {
        PodNetwork network = new PodNetwork(bridge, subnet);
        ip("link", "add", network.bridge, "type", "bridge");
        ip("addr", "add", network.hostIp() + "/24", "dev", network.bridge);
        ip("link", "set", network.bridge, "up");
        return network;
      }
    }
    throw new IllegalStateException("no free 10.x.y.0/24 for the pod network");
  }

  private static void removeLeftovers() {
    for (String line : ip("-o", "link", "show", "type", "bridge").lines().toList()) {
      String name = line.split(":\\s+")[1].split("[@\\s]")[0];
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      long pid;
      try {
        pid = Long.parseLong(name.substring(PREFIX.length()), Character.MAX_RADIX);
      } catch (NumberFormatException e) {
        continue;
      }
      if (ProcessHandle.of(pid).isEmpty()) {
        ip("netns", "list").lines().map(ns -> ns.split("\\s")[0]).filter(ns -> ns.startsWith(name + "-"))
            .forEach(ns -> ip("netns", "del", ns));
        ip("link", "del", name);
      }
    }
  }

  /** The host's address on the pod network: services pods use listen here (or on 0.0.0.0). */
  String hostIp() {
    return subnet + ".1";
  }

  /** Gives the pod a network namespace and an address on the bridge. */
  synchronized Attachment attach(String podUid) {
    int host = used.nextClearBit(2);
    if (host >= 255) {
      throw new IllegalStateException("the pod network " + subnet + ".0/24 is full");
    }
    used.set(host);
    String namespace = bridge + "-" + host;
    String hostVeth = bridge + "v" + host;
    String ip = subnet + "." + host;
    ip("netns", "add", namespace);
    ip("link", "add", hostVeth, "type", "veth", "peer", "name", "eth0", "netns", namespace);
    ip("link", "set", hostVeth, "master", bridge, "up");
    ip("-n", namespace, "addr", "add", ip + "/24", "dev", "eth0");
    ip("-n", namespace, "link", "set", "eth0", "up");
    ip("-n", namespace, "link", "set", "lo", "up");
    ip("-n", namespace, "route", "add", "default", "via", hostIp());
    Attachment attachment = new Attachment(namespace, hostVeth, ip);
    attached.put(podUid, attachment);
    return attachment;
  }

  /** Removes the pod's namespace (and with it the veth pair); its address is free again. */
  synchronized void detach(String podUid) {
    Attachment attachment = attached.remove(podUid);
    if (attachment != null) {
      ip("netns", "del", attachment.namespace());
      used.clear(Integer.parseInt(attachment.ip().substring(attachment.ip().lastIndexOf('.') + 1)));
    }
  }

  /** The command prefix that runs a program inside the pod's network namespace. */
  static List<String> enter(Attachment attachment) {
    return List.of("ip", "netns", "exec", attachment.namespace());
  }

  @Override
  public synchronized void close() {
    for (String uid : new ArrayList<>(attached.keySet())) {
      detach(uid);
    }
    ip("link", "del", bridge);
  }

  private static void requireRoot() {
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException("the process kubelet needs root (network and mount namespaces for pods); "
          + "run the end-to-end tests as root, e.g. in a VM or CI container");
    }
  }

  private static String ip(String... args) {
    List<String> command = new ArrayList<>();
    command.add("ip");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command + " (install iproute2)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }
}
