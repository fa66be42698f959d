package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.audit.AuditSink;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.store.NodeId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Everything a gateway node needs to run, validated when built: each problem is one {@link
 * InvalidGatewayConfigException} line naming the setting. Immutable; build with {@link #builder()}.
 *
 * @param nodeId the node's name in the store; registering it again gets a new epoch
 * @param listen the UDP and TCP endpoints to serve (at least one)
 * @param keys the gateway cluster key pair and the agent allowlist
 * @param egress where tunnelled payloads go
 * @param policy the session policy; its values are sent to agents in every ACK
 * @param nodeLease the node lease in the store (defaults to the policy's {@code NODE_LEASE_MS}); renewed every third
 * @param leaseSafetyMargin subtracted from the lease when the node decides how long it may forward after a renewal
 *     started (defaults to a tenth of the lease; at most half of it)
 * @param historyFile the node history file for the chaos checker (JSON lines), if wanted
 * @param flood flood defence settings
 * @param clock wall clock for timestamps and request freshness (skewable by the chaos runner)
 * @param monotonicClock monotonic time for leases, timers and detection
 * @param storeTimeout the longest any store call may take before its outcome is treated as unknown
 * @param auditSinks where audit events go (none: events are counted only); the gateway closes them when it closes
 * @param auditQueueCapacity audit events queued for the writer before new ones are dropped (and counted, and reported)
 * @param ioThreads Netty event loop threads, shared by the servers, the session lanes and the UDP egress
 * @param maxSessions local sessions above which new handshakes are refused with {@code POLICY_DENY}
 * @param policyRef the policy reference written into session records
 * @param closeTimeout how long {@link Gateway#close()} may take
 * @param cluster membership, partition policy and hand-over settings of a node in a cluster (docs/cluster.md)
 * @param leaseProofPolicy {@link LeaseProofPolicy#REQUIRE_PROOF}; anything else is for the chaos tooling only
 */
public record GatewayConfig(
        NodeId nodeId,
        List<ListenEndpoint> listen,
        KeyDirectory.GatewayKeys keys,
        EgressTarget egress,
        Policy policy,
        Duration nodeLease,
        Duration leaseSafetyMargin,
        Optional<Path> historyFile,
        FloodSettings flood,
        Clock clock,
        MonotonicClock monotonicClock,
        Duration storeTimeout,
        List<AuditSink> auditSinks,
        int auditQueueCapacity,
        int ioThreads,
        int maxSessions,
        String policyRef,
        Duration closeTimeout,
        ClusterSettings cluster,
        LeaseProofPolicy leaseProofPolicy) {

    private static final Duration MIN_LEASE = Duration.ofMillis(300);
    private static final Duration MAX_LEASE = Duration.ofMinutes(10);

    public GatewayConfig {
        require(nodeId != null, "nodeId", "is required");
        require(listen != null && !listen.isEmpty(), "listen", "at least one udp:// or tcp:// endpoint is required");
        listen = List.copyOf(listen);
        var seen = new HashSet<ListenEndpoint>();
        for (var endpoint : listen) {
            require(endpoint.port() == 0 || seen.add(endpoint), "listen", endpoint + " is listed twice");
        }
        require(keys != null, "keys", "the gateway key and agent allowlist are required");
        require(egress != null, "egress", "is required (echo or udp://HOST:PORT)");
        require(policy != null, "policy", "is required");
        require(nodeLease != null, "nodeLease", "is required");
        require(
                nodeLease.compareTo(MIN_LEASE) >= 0 && nodeLease.compareTo(MAX_LEASE) <= 0,
                "nodeLease",
                nodeLease.toMillis() + " ms is outside 300..600000 ms");
        require(leaseSafetyMargin != null, "leaseSafetyMargin", "is required");
        require(
                !leaseSafetyMargin.isNegative() && leaseSafetyMargin.compareTo(nodeLease.dividedBy(2)) <= 0,
                "leaseSafetyMargin",
                leaseSafetyMargin.toMillis() + " ms must be between 0 and half the node lease ("
                        + nodeLease.dividedBy(2).toMillis() + " ms)");
        requireNonNull(historyFile, "historyFile");
        require(flood != null, "flood", "is required");
        require(clock != null, "clock", "is required");
        require(monotonicClock != null, "monotonicClock", "is required");
        require(storeTimeout != null, "storeTimeout", "is required");
        require(
                storeTimeout.toMillis() >= 10 && storeTimeout.toMillis() <= 60_000,
                "storeTimeout",
                storeTimeout.toMillis() + " ms is outside 10..60000 ms");
        require(auditSinks != null, "auditSinks", "is required (may be empty)");
        auditSinks = List.copyOf(auditSinks);
        require(
                auditQueueCapacity >= 16 && auditQueueCapacity <= 1_048_576,
                "auditQueueCapacity",
                auditQueueCapacity + " is outside 16..1048576");
        require(ioThreads >= 1 && ioThreads <= 256, "ioThreads", ioThreads + " is outside 1..256");
        require(maxSessions >= 1 && maxSessions <= 10_000_000, "maxSessions", maxSessions + " is outside 1..10000000");
        require(
                policyRef != null && policyRef.matches("[A-Za-z0-9._-]{1,64}"),
                "policyRef",
                "must be 1 to 64 characters of [A-Za-z0-9._-]");
        require(closeTimeout != null, "closeTimeout", "is required");
        require(
                closeTimeout.toMillis() >= 10 && closeTimeout.toMillis() <= 600_000,
                "closeTimeout",
                closeTimeout.toMillis() + " ms is outside 10..600000 ms");
        require(cluster != null, "cluster", "is required (ClusterSettings.DEFAULT for a single node)");
        require(
                cluster.routing() != Routing.STICKY || cluster.member(nodeId).isPresent(),
                "members",
                "sticky routing needs this node (" + nodeId + ") in the membership list");
        require(leaseProofPolicy != null, "leaseProofPolicy", "is required (LeaseProofPolicy.REQUIRE_PROOF)");
    }

    private static void require(boolean condition, String setting, String problem) {
        if (!condition) {
            throw new InvalidGatewayConfigException(setting, problem);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects settings; {@link #build()} fills the defaults and validates. Not thread-safe. */
    public static final class Builder {
        private NodeId nodeId;
        private final List<ListenEndpoint> listen = new ArrayList<>();
        private KeyDirectory.GatewayKeys keys;
        private EgressTarget egress = EgressTarget.echo();
        private Policy policy = Policy.DEFAULT;
        private Duration nodeLease;
        private Duration leaseSafetyMargin;
        private Path historyFile;
        private FloodSettings flood = FloodSettings.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private MonotonicClock monotonicClock = MonotonicClock.system();
        private Duration storeTimeout = Duration.ofSeconds(2);
        private final List<AuditSink> auditSinks = new ArrayList<>();
        private int auditQueueCapacity = 16_384;
        private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int maxSessions = 100_000;
        private String policyRef = "default";
        private Duration closeTimeout = Duration.ofSeconds(5);
        private ClusterSettings cluster = ClusterSettings.DEFAULT;
        private LeaseProofPolicy leaseProofPolicy = LeaseProofPolicy.REQUIRE_PROOF;

        private Builder() {}

        public Builder nodeId(NodeId nodeId) {
            this.nodeId = requireNonNull(nodeId, "nodeId");
            return this;
        }

        /** The node id from text; an invalid one fails naming the setting. */
        public Builder nodeId(String nodeId) {
            requireNonNull(nodeId, "nodeId");
            try {
                return nodeId(new NodeId(nodeId));
            } catch (IllegalArgumentException e) {
                throw new InvalidGatewayConfigException("nodeId", e.getMessage());
            }
        }

        /** Adds an endpoint to serve. */
        public Builder listen(ListenEndpoint endpoint) {
            listen.add(requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /** Adds endpoints given as {@code udp://HOST:PORT} or {@code tcp://HOST:PORT}. */
        public Builder listen(String... endpoints) {
            for (var endpoint : endpoints) {
                listen(ListenEndpoint.parse(endpoint));
            }
            return this;
        }

        public Builder keys(KeyDirectory.GatewayKeys keys) {
            this.keys = requireNonNull(keys, "keys");
            return this;
        }

        public Builder egress(EgressTarget egress) {
            this.egress = requireNonNull(egress, "egress");
            return this;
        }

        /** {@code echo} or {@code udp://HOST:PORT}. */
        public Builder egress(String egress) {
            return egress(EgressTarget.parse(egress));
        }

        public Builder policy(Policy policy) {
            this.policy = requireNonNull(policy, "policy");
            return this;
        }

        public Builder nodeLease(Duration nodeLease) {
            this.nodeLease = requireNonNull(nodeLease, "nodeLease");
            return this;
        }

        public Builder leaseSafetyMargin(Duration margin) {
            this.leaseSafetyMargin = requireNonNull(margin, "margin");
            return this;
        }

        public Builder historyFile(Path file) {
            this.historyFile = requireNonNull(file, "file");
            return this;
        }

        public Builder flood(FloodSettings flood) {
            this.flood = requireNonNull(flood, "flood");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        public Builder monotonicClock(MonotonicClock monotonicClock) {
            this.monotonicClock = requireNonNull(monotonicClock, "monotonicClock");
            return this;
        }

        public Builder storeTimeout(Duration storeTimeout) {
            this.storeTimeout = requireNonNull(storeTimeout, "storeTimeout");
            return this;
        }

        public Builder auditSink(AuditSink sink) {
            auditSinks.add(requireNonNull(sink, "sink"));
            return this;
        }

        public Builder auditQueueCapacity(int capacity) {
            this.auditQueueCapacity = capacity;
            return this;
        }

        public Builder ioThreads(int ioThreads) {
            this.ioThreads = ioThreads;
            return this;
        }

        public Builder maxSessions(int maxSessions) {
            this.maxSessions = maxSessions;
            return this;
        }

        public Builder policyRef(String policyRef) {
            this.policyRef = requireNonNull(policyRef, "policyRef");
            return this;
        }

        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = requireNonNull(closeTimeout, "closeTimeout");
            return this;
        }

        public Builder cluster(ClusterSettings cluster) {
            this.cluster = requireNonNull(cluster, "cluster");
            return this;
        }

        /**
         * <b>Test-only</b>: the chaos tooling's unsafe mode ({@link LeaseProofPolicy#UNSAFE_IGNORE_LAPSE}). Never set by a
         * configuration file or a flag; the default, {@link LeaseProofPolicy#REQUIRE_PROOF}, is what a real node runs.
         */
        public Builder leaseProofPolicy(LeaseProofPolicy policy) {
            this.leaseProofPolicy = requireNonNull(policy, "policy");
            return this;
        }

        public GatewayConfig build() {
            if (policy == null) {
                throw new InvalidGatewayConfigException("policy", "is required");
            }
            var lease = nodeLease != null ? nodeLease : policy.nodeLease();
            var margin = leaseSafetyMargin != null ? leaseSafetyMargin : lease.dividedBy(10);
            return new GatewayConfig(
                    nodeId,
                    listen,
                    keys,
                    egress,
                    policy,
                    lease,
                    margin,
                    Optional.ofNullable(historyFile),
                    flood,
                    clock,
                    monotonicClock,
                    storeTimeout,
                    auditSinks,
                    auditQueueCapacity,
                    ioThreads,
                    maxSessions,
                    policyRef,
                    closeTimeout,
                    cluster,
                    leaseProofPolicy);
        }
    }
}
