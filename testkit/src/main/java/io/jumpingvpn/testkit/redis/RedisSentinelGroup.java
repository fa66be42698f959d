package io.jumpingvpn.testkit.redis;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.testkit.redis.internal.Waits;
import io.jumpingvpn.testkit.redis.internal.Waits.Probe;
import io.jumpingvpn.testkit.resp.RespValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A primary, its replicas and the Sentinels watching them, all real processes on loopback. The primary is whatever
 * the Sentinels say it is: after a failover {@link #primary()} names another process.
 *
 * <p>Faults are injected through the process handles ({@code primary().kill()}, {@code primary().pause()}) and
 * {@link #failover(Duration)}; {@link #awaitPrimaryOtherThan} waits until the Sentinels agree on a new primary that
 * accepts writes.
 */
public final class RedisSentinelGroup implements RedisDeployment {

    private final SentinelOptions options;
    private final List<RedisServer> dataServers;
    private final List<RedisServer> sentinels;

    private RedisSentinelGroup(SentinelOptions options, List<RedisServer> dataServers, List<RedisServer> sentinels) {
        this.options = options;
        this.dataServers = List.copyOf(dataServers);
        this.sentinels = List.copyOf(sentinels);
    }

    /** One primary, one replica, three Sentinels with quorum 2, master name {@code jvpn}. */
    public static RedisSentinelGroup start() {
        return start(SentinelOptions.defaults());
    }

    /**
     * Starts the data servers, waits for every replica's link, starts the Sentinels and returns when each Sentinel
     * sees the primary, every replica and every other Sentinel.
     *
     * @throws RedisFixtureException when a process does not start or the group does not agree in time
     */
    public static RedisSentinelGroup start(SentinelOptions options) {
        requireNonNull(options, "options");
        List<RedisServer> data = new ArrayList<>();
        List<RedisServer> watchers = new ArrayList<>();
        try {
            RedisServer primary = RedisServer.launch(RedisServer.Kind.REPLICATED, options.node(), List.of(), false);
            data.add(primary);
            List<String> follow = List.of("replicaof " + RedisServer.HOST + " " + primary.port());
            for (int i = 0; i < options.replicas(); i++) {
                data.add(RedisServer.launch(RedisServer.Kind.REPLICATED, options.node(), follow, false));
            }
            for (RedisServer replica : data.subList(1, data.size())) {
                Waits.until("replication link of " + replica, options.readyTimeout(), () -> linkUp(replica));
            }
            List<String> monitor = sentinelConfig(options, primary.port());
            for (int i = 0; i < options.sentinels(); i++) {
                watchers.add(RedisServer.launch(RedisServer.Kind.SENTINEL, options.node(), monitor, false));
            }
            RedisSentinelGroup group = new RedisSentinelGroup(options, data, watchers);
            group.awaitHealthy(options.readyTimeout());
            return group;
        } catch (RuntimeException e) {
            Stream.concat(watchers.stream(), data.stream()).forEach(RedisServer::close);
            throw e;
        }
    }

    /** {@code redis-sentinel://127.0.0.1:S1,127.0.0.1:S2,127.0.0.1:S3#jvpn}: every Sentinel, running or not. */
    @Override
    public String uri() {
        return "redis-sentinel://"
                + sentinels.stream().map(s -> s.host() + ":" + s.port()).collect(Collectors.joining(","))
                + "#" + options.masterName();
    }

    public String masterName() {
        return options.masterName();
    }

    /** The data servers in start order: the first primary, then the replicas. Roles change on failover. */
    public List<RedisServer> dataServers() {
        return dataServers;
    }

    public List<RedisServer> sentinels() {
        return sentinels;
    }

    @Override
    public List<RedisServer> servers() {
        return Stream.concat(dataServers.stream(), sentinels.stream()).toList();
    }

    /**
     * The primary reported by most of the Sentinels that answer.
     *
     * @throws RedisFixtureException when no Sentinel answers
     */
    public RedisServer primary() {
        Map<Integer, Integer> votes = new HashMap<>();
        for (RedisServer sentinel : reachable(sentinels)) {
            try {
                votes.merge(reportedPrimaryPort(sentinel), 1, Integer::sum);
            } catch (RuntimeException e) {
                // a Sentinel being killed right now does not get a vote
            }
        }
        return votes.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(vote -> dataServerOnPort(vote.getKey()))
                .orElseThrow(() -> new RedisFixtureException(
                        "no Sentinel of '" + options.masterName() + "' answered GET-MASTER-ADDR-BY-NAME"));
    }

    /** The data servers other than the {@link #primary()}. */
    public List<RedisServer> replicas() {
        RedisServer primary = primary();
        return dataServers.stream().filter(s -> s != primary).toList();
    }

    /**
     * Forces a failover with {@code SENTINEL FAILOVER} (no agreement needed) and waits for the new primary.
     *
     * @return the new primary, which the Sentinels agree on and which reports role master
     */
    public RedisServer failover(Duration timeout) {
        long start = System.nanoTime();
        RedisServer old = primary();
        Waits.until("a Sentinel to accept SENTINEL FAILOVER " + options.masterName(), timeout, () -> {
            RespValue reply = reachable(sentinels).getFirst().command("SENTINEL", "FAILOVER", options.masterName());
            // INPROG: a failover (maybe the one asked for by a retry of this loop) is already running
            boolean accepted = reply.isOk()
                    || reply instanceof RespValue.ErrorReply e && e.code().equals("INPROG");
            return accepted ? Probe.done(reply) : Probe.notYet(reply.toString());
        });
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        return awaitPrimaryOtherThan(old, left.isNegative() ? Duration.ofMillis(1) : left);
    }

    /**
     * Waits until every reachable Sentinel reports the same primary, not {@code old}, and that server runs and
     * reports role master. Use after {@code primary().kill()} or {@code pause()}.
     */
    public RedisServer awaitPrimaryOtherThan(RedisServer old, Duration timeout) {
        requireNonNull(old, "old");
        return Waits.until("Sentinels to agree on a primary other than " + old, timeout, () -> {
            Map<RedisServer, Integer> reports = new HashMap<>();
            for (RedisServer sentinel : reachable(sentinels)) {
                reports.put(sentinel, reportedPrimaryPort(sentinel));
            }
            if (reports.isEmpty() || reports.values().stream().distinct().count() != 1) {
                return Probe.notYet("Sentinels report " + reports);
            }
            RedisServer candidate = dataServerOnPort(reports.values().iterator().next());
            if (candidate == old) {
                return Probe.notYet("Sentinels still report " + old);
            }
            if (!candidate.isRunning() || candidate.isPaused()) {
                return Probe.notYet("reported primary " + candidate + " is not running");
            }
            String role = candidate.role();
            return role.equals("master") ? Probe.done(candidate) : Probe.notYet(candidate + " has role " + role);
        });
    }

    /**
     * Waits until every reachable Sentinel agrees on the primary, sees it without down flags, sees every other
     * running data server as a replica with its link up, and sees every other reachable Sentinel.
     *
     * <p>After a failover this includes the old primary, once running again, being turned into a replica. Sentinel
     * waits on purpose before doing that and refreshes its view of replicas only every 10 s (both hard-coded in
     * Redis), so allow about 30 s here; a chaos schedule that fails over again needs this replica back first.
     *
     * @return the primary
     */
    public RedisServer awaitHealthy(Duration timeout) {
        return Waits.until("Sentinel group '" + options.masterName() + "' to agree and be healthy", timeout, () -> {
            List<RedisServer> watchers = reachable(sentinels);
            List<RedisServer> data = reachable(dataServers);
            if (watchers.isEmpty()) {
                return Probe.notYet("no Sentinel running");
            }
            Integer agreed = null;
            for (RedisServer sentinel : watchers) {
                Map<String, String> primary = sentinel.command("SENTINEL", "MASTER", options.masterName())
                        .asFieldMap();
                int port = Integer.parseInt(primary.get("port"));
                if (!primary.get("flags").equals("master") || (agreed != null && agreed != port)) {
                    return Probe.notYet(sentinel + " sees primary :" + port + " flags " + primary.get("flags"));
                }
                agreed = port;
                long healthyReplicas = fieldMaps(sentinel, "REPLICAS").stream()
                        .filter(r -> r.get("flags").equals("slave")
                                && r.get("master-link-status").equals("ok"))
                        .count();
                if (healthyReplicas != data.size() - 1) {
                    return Probe.notYet(
                            sentinel + " sees " + healthyReplicas + " healthy replicas of " + (data.size() - 1));
                }
                long peers = fieldMaps(sentinel, "SENTINELS").stream()
                        .filter(s -> s.get("flags").equals("sentinel"))
                        .count();
                if (peers < watchers.size() - 1) {
                    return Probe.notYet(sentinel + " sees " + peers + " other Sentinels of " + (watchers.size() - 1));
                }
            }
            RedisServer primary = dataServerOnPort(agreed);
            return primary.role().equals("master") ? Probe.done(primary) : Probe.notYet(primary + " is no master");
        });
    }

    /** Kills every process (Sentinels first, so they do not react) and deletes their directories. */
    @Override
    public void close() {
        Stream.concat(sentinels.stream(), dataServers.stream()).forEach(RedisServer::close);
    }

    @Override
    public String toString() {
        return "RedisSentinelGroup[" + uri() + "]";
    }

    private static List<String> sentinelConfig(SentinelOptions options, int primaryPort) {
        String name = options.masterName();
        return List.of(
                "sentinel monitor " + name + " " + RedisServer.HOST + " " + primaryPort + " " + options.quorum(),
                "sentinel down-after-milliseconds " + name + " "
                        + options.downAfter().toMillis(),
                "sentinel failover-timeout " + name + " "
                        + options.failoverTimeout().toMillis(),
                "sentinel parallel-syncs " + name + " 1");
    }

    private static Probe<Boolean> linkUp(RedisServer replica) {
        String status = replica.info("replication").get("master_link_status");
        return "up".equals(status) ? Probe.done(true) : Probe.notYet("master_link_status:" + status);
    }

    private static List<RedisServer> reachable(List<RedisServer> servers) {
        return servers.stream().filter(s -> s.isRunning() && !s.isPaused()).toList();
    }

    private int reportedPrimaryPort(RedisServer sentinel) {
        RespValue reply = sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", options.masterName());
        return Integer.parseInt(reply.asList().get(1).asText());
    }

    private List<Map<String, String>> fieldMaps(RedisServer sentinel, String subcommand) {
        return sentinel.command("SENTINEL", subcommand, options.masterName()).asList().stream()
                .map(RespValue::asFieldMap)
                .toList();
    }

    private RedisServer dataServerOnPort(int port) {
        return dataServers.stream()
                .filter(s -> s.port() == port)
                .findFirst()
                .orElseThrow(() -> new RedisFixtureException("Sentinels of '" + options.masterName()
                        + "' report primary port " + port + ", which is none of " + dataServers));
    }
}
