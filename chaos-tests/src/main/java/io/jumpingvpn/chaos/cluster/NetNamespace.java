package io.jumpingvpn.chaos.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A network namespace the runner creates for one node, joined to the host by a veth pair (host end
 * {@code 10.213.K.4i+1}, node end {@code 10.213.K.4i+2}), in which iptables rules cut the node off from Redis for real:
 * packets dropped in the kernel, not by a proxy. Needs root; names carry the runner's PID
 * ({@code jvpnc-<pid>-<i>}), so that a later run can tell the leftovers of a dead runner from another live run's.
 *
 * <p>{@link #close()} deletes the namespace, which takes the veth pair and the rules with it. {@link #removeLeftovers}
 * deletes what a killed runner left behind.
 */
public final class NetNamespace implements AutoCloseable {

    static final String PREFIX = "jvpnc-";
    private static final Pattern NAME = Pattern.compile("^" + PREFIX + "(\\d+)-(\\d+)\\b.*");
    private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "jvpn-chaos-netns.lock");

    private final String name;
    private final String hostInterface;
    private final String hostAddress;
    private final String nodeAddress;
    private final List<List<String>> rules = new ArrayList<>();

    private NetNamespace(String name, String hostInterface, String hostAddress, String nodeAddress) {
        this.name = name;
        this.hostInterface = hostInterface;
        this.hostAddress = hostAddress;
        this.nodeAddress = nodeAddress;
    }

    /** Why namespaces cannot be used here, if they cannot: not root, or {@code ip}/{@code iptables} missing. */
    public static Optional<String> unavailableReason() {
        var uid = Shell.run(List.of("id", "-u"));
        if (!uid.ok() || !uid.output().equals("0")) {
            return Optional.of("not running as root (network namespaces and iptables need it)");
        }
        if (!Shell.run(List.of("ip", "netns", "list")).ok()) {
            return Optional.of("'ip netns' does not work here (iproute2 missing or no CAP_SYS_ADMIN)");
        }
        if (!Shell.run(List.of("iptables", "--version")).ok()) {
            return Optional.of("iptables is not installed");
        }
        return Optional.empty();
    }

    /** Deletes the namespaces of runners that are no longer alive; says what it deleted on {@code log}. */
    public static void removeLeftovers(PrintStream log) {
        var list = Shell.run(List.of("ip", "netns", "list"));
        if (!list.ok()) {
            return;
        }
        for (var line : list.output().lines().toList()) {
            var m = NAME.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            long pid = Long.parseLong(m.group(1));
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            var ns = line.strip().split("\\s+")[0];
            Shell.run(List.of("ip", "netns", "del", ns));
            log.println("chaos: removed the network namespace " + ns + " that a runner (pid " + pid + ") left behind");
        }
    }

    /**
     * Creates namespaces {@code jvpnc-<pid>-<i>} for {@code count} nodes, on a {@code 10.213.K.0/24} no interface of
     * this host uses yet. The choice and creation happen under a file lock, so two runs on one host do not collide.
     */
    static List<NetNamespace> create(int count) {
        if (count < 1 || count > 63) {
            throw new IllegalArgumentException("between 1 and 63 namespaces, got " + count);
        }
        long pid = ProcessHandle.current().pid();
        var created = new ArrayList<NetNamespace>();
        try (var lock = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                var ignored = lock.lock()) {
            int subnet = freeSubnet();
            for (int i = 0; i < count; i++) {
                var ns = new NetNamespace(
                        PREFIX + pid + "-" + i,
                        "jvc" + pid + "h" + i,
                        "10.213." + subnet + "." + (4 * i + 1),
                        "10.213." + subnet + "." + (4 * i + 2));
                created.add(ns);
                ns.build("jvc" + pid + "n" + i);
            }
            return created;
        } catch (IOException | RuntimeException e) {
            created.forEach(NetNamespace::close);
            if (e instanceof ClusterException cluster) {
                throw cluster;
            }
            throw new ClusterException("cannot create network namespaces: " + e.getMessage(), e);
        }
    }

    private static int freeSubnet() {
        var addresses = Shell.check(List.of("ip", "-o", "-4", "addr", "show"));
        for (int k = 0; k < 256; k++) {
            if (!addresses.contains(" 10.213." + k + ".")) {
                return k;
            }
        }
        throw new ClusterException("no free 10.213.K.0/24 for the chaos namespaces: every one is in use on this host");
    }

    private void build(String nodeInterface) {
        Shell.check(List.of("ip", "netns", "add", name));
        Shell.check(List.of("ip", "link", "add", hostInterface, "type", "veth", "peer", "name", nodeInterface));
        Shell.check(List.of("ip", "link", "set", nodeInterface, "netns", name));
        Shell.check(List.of("ip", "addr", "add", hostAddress + "/30", "dev", hostInterface));
        Shell.check(List.of("ip", "link", "set", hostInterface, "up"));
        Shell.check(inside("ip", "addr", "add", nodeAddress + "/30", "dev", nodeInterface));
        Shell.check(inside("ip", "link", "set", nodeInterface, "up"));
        Shell.check(inside("ip", "link", "set", "lo", "up"));
    }

    private List<String> inside(String... command) {
        var full = new ArrayList<>(execPrefix());
        full.addAll(List.of(command));
        return full;
    }

    public String name() {
        return name;
    }

    /** The host end of the veth pair: what the node reaches the host at. */
    public String hostAddress() {
        return hostAddress;
    }

    /** The node end: where the host reaches the node. */
    public String nodeAddress() {
        return nodeAddress;
    }

    /** The command prefix that runs a command inside the namespace ({@code ip netns exec NAME}, which execs it). */
    public List<String> execPrefix() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Drops, in the namespace's kernel, every TCP packet to and from {@code port} of the host end. */
    public synchronized void dropTcpToHost(int port) {
        var out = List.of("OUTPUT", "-p", "tcp", "-d", hostAddress, "--dport", Integer.toString(port), "-j", "DROP");
        var in = List.of("INPUT", "-p", "tcp", "-s", hostAddress, "--sport", Integer.toString(port), "-j", "DROP");
        for (var rule : List.of(out, in)) {
            var add = new ArrayList<>(inside("iptables", "-w", "-A"));
            add.addAll(rule);
            Shell.check(add);
            rules.add(rule);
        }
    }

    /** Removes every rule {@link #dropTcpToHost} added. */
    public synchronized void restore() {
        for (var rule : rules) {
            var delete = new ArrayList<>(inside("iptables", "-w", "-D"));
            delete.addAll(rule);
            Shell.check(delete);
        }
        rules.clear();
    }

    public synchronized boolean dropping() {
        return !rules.isEmpty();
    }

    @Override
    public void close() {
        Shell.run(List.of("ip", "netns", "del", name));
        Shell.run(List.of("ip", "link", "del", hostInterface));
    }

    @Override
    public String toString() {
        return name + " (" + nodeAddress + " via " + hostAddress + ")";
    }
}
