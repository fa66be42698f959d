package io.jumpingvpn.deploy.gateway;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.deploy.config.ConfigLoader;
import io.jumpingvpn.deploy.config.GatewayFile;
import io.jumpingvpn.deploy.logging.LogSetup;
import io.jumpingvpn.deploy.store.StoreSpec;
import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.gateway.ClusterSettings;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.gateway.GatewayStartException;
import io.jumpingvpn.gateway.Operator;
import io.jumpingvpn.gateway.PartitionPolicy;
import io.jumpingvpn.gateway.Routing;
import io.jumpingvpn.gateway.admin.AdminApiServer;
import io.jumpingvpn.gateway.admin.AdminTokens;
import io.jumpingvpn.gateway.admin.PeerImporter;
import io.jumpingvpn.gateway.metrics.ProcessMeters;
import io.jumpingvpn.gateway.ops.OpsServer;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.keys.KeyFileException;
import io.jumpingvpn.protocol.policy.InvalidPolicyException;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.store.SessionStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jvpn gateway}: one gateway node, in the foreground, until SIGTERM or SIGINT. Its configuration is one typed
 * object ({@link GatewayFile}) from {@code --config gateway.yaml}, {@code JVPN_*} variables and one flag per key, in
 * that order of increasing precedence (docs/configuration.md).
 */
@Command(
        name = "gateway",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        modelTransformer = GatewayFlags.class,
        description = {
            "Run a gateway node. With store memory (the default) it is a single node on the embedded store;",
            "with a Redis URI it is one node of a cluster sharing that store. Every key of the YAML file has a flag",
            "and a JVPN_* environment variable; flags win over variables, variables over the file (docs/configuration.md)."
        })
public final class GatewayCommand implements Callable<Integer> {

    /** How long one call to another member's admin API may take (sticky routing's hand-overs). */
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--config", paramLabel = "FILE", description = "The node's YAML configuration file.")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var file = ConfigLoader.load(Optional.ofNullable(config), System.getenv(), GatewayFlags.given(spec));
        LogSetup.apply(file.log().format(), file.log().level());
        run(file, Runtime.getRuntime()::addShutdownHook, new CountDownLatch(1));
        return 0;
    }

    /** A started node with what it needs closed in order. */
    record Running(
            Gateway gateway,
            SessionStore store,
            Optional<OpsServer> ops,
            PrometheusMeterRegistry registry,
            Optional<AdminApiServer> adminApi)
            implements AutoCloseable {

        Running(Gateway gateway, SessionStore store, Optional<OpsServer> ops, PrometheusMeterRegistry registry) {
            this(gateway, store, ops, registry, Optional.empty());
        }

        Running withAdminApi(AdminApiServer api) {
            return new Running(gateway, store, ops, registry, Optional.of(api));
        }

        /**
         * SIGTERM: a node of a cluster drains first (docs/cluster.md, "Drain": its agents are sent to live peers, what
         * stays is transferred; under sticky routing it leaves the list and hands every session to its new owner),
         * within {@code grace} less the time closing may take, then closes. No session is terminated. A node without a
         * membership list has no peer to drain to and just closes.
         */
        void drainThenClose(Duration grace) {
            if (gateway.config().cluster().members().isEmpty()) {
                close(); // a single node: nowhere to send its agents
                return;
            }
            var closing = gateway.config().closeTimeout();
            var drain = grace.minus(closing.compareTo(grace.dividedBy(4)) < 0 ? closing : grace.dividedBy(4));
            try {
                gateway.drain(drain, Operator.SIGTERM);
            } catch (RuntimeException e) {
                System.err.println("gateway " + gateway.nodeRef() + ": the drain failed: " + e);
            }
            close();
        }

        @Override
        public void close() {
            adminApi.ifPresent(AdminApiServer::close);
            ops.ifPresent(OpsServer::close);
            gateway.close();
            store.close();
            registry.close();
        }
    }

    /** Starts the node and waits until {@code stopped} is counted down by the shutdown hook it registers. */
    static void run(GatewayFile file, Consumer<Thread> hooks, CountDownLatch stopped) throws InterruptedException {
        var running = start(file);
        hooks.accept(Thread.ofPlatform().name("gateway-shutdown").unstarted(() -> {
            running.drainThenClose(file.drainGrace());
            stopped.countDown();
        }));
        System.err.println("gateway " + running.gateway().nodeRef() + " serving "
                + running.gateway().endpoints()
                + " on store " + StoreSpec.parse(file.store()).redacted() + " (egress " + file.egress() + ")"
                + running.ops()
                        .map(ops -> ", ops on http://" + ops.address().getHostString() + ":" + ops.port())
                        .orElse("")
                + running.adminApi()
                        .map(api -> ", admin API on http://" + api.address().getHostString() + ":" + api.port())
                        .orElse(""));
        stopped.await();
    }

    /** Opens the store, the sinks, the registry, the node and its ops endpoint; nothing is left open on failure. */
    static Running start(GatewayFile file) {
        var spec = StoreSpec.parse(file.store());
        Optional<AdminTokens> tokens = Optional.empty();
        if (file.adminApiEnabled()) {
            try {
                tokens = Optional.of(AdminTokens.load(Path.of(file.adminTokenFile())));
            } catch (GatewayStartException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
        var config = gatewayConfig(file, spec, tokens);
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessMeters.bindTo(registry);
        var store = spec.open(builder -> builder.commandTimeout(file.redis().commandTimeout())
                .connectTimeout(file.redis().connectTimeout())
                .waitForReplicas(file.redis().waitReplicas(), file.redis().waitTimeout())
                .keyPrefix(file.redis().keyPrefix())
                .tombstoneRetention(file.redis().tombstoneRetention()));
        Gateway gateway;
        try {
            gateway = Gateway.start(config, store, registry);
        } catch (GatewayStartException e) {
            store.close();
            registry.close();
            throw new UserError(e.getMessage(), e);
        }
        Optional<OpsServer> ops = Optional.empty();
        if (!file.admin().equals("off")) {
            try {
                ops = Optional.of(OpsServer.start(opsAddress(file.admin()), registry, gateway));
            } catch (GatewayStartException e) {
                gateway.close();
                store.close();
                registry.close();
                throw new UserError(e.getMessage(), e);
            }
        }
        var running = new Running(gateway, store, ops, registry);
        if (tokens.isPresent()) {
            try {
                running =
                        running.withAdminApi(AdminApiServer.start(opsAddress(file.adminApi()), tokens.get(), gateway));
            } catch (GatewayStartException e) {
                running.close();
                throw new UserError(e.getMessage(), e);
            }
        }
        return running;
    }

    /**
     * The gateway settings of {@code file}; its audit sinks are opened here (and closed by the gateway). With the admin
     * API's {@code tokens}, a sticky node hands sessions to other members through their admin APIs with the first one.
     */
    static GatewayConfig gatewayConfig(GatewayFile file, StoreSpec store, Optional<AdminTokens> tokens) {
        if (file.keys().isBlank()) {
            throw new UserError("config: key 'keys' is required: a directory with gateway.key and agents.allow"
                    + " (jvpn keygen DIR), e.g. --keys DIR");
        }
        var builder = GatewayConfig.builder();
        try {
            builder.nodeId(file.nodeId())
                    .listen(file.listen().toArray(String[]::new))
                    .keys(KeyDirectory.loadGateway(Path.of(file.keys())))
                    .egress(file.egress())
                    .policy(file.policy().isEmpty() ? Policy.DEFAULT : Policy.DEFAULT.withOverrides(file.policy()))
                    .storeTimeout(file.storeTimeout())
                    .maxSessions(file.maxSessions())
                    .closeTimeout(file.closeTimeout())
                    .auditQueueCapacity(file.audit().queueCapacity());
            file.historyFile().ifPresent(history -> builder.historyFile(Path.of(history)));
            if (file.nodeLease() != null) {
                builder.nodeLease(file.nodeLease());
            }
            if (file.ioThreads() != null) {
                builder.ioThreads(file.ioThreads());
            }
            var cluster = cluster(file);
            if (tokens.isPresent()) {
                cluster = cluster.withImporter(PeerImporter.using(tokens.get(), PEER_TIMEOUT));
            }
            builder.cluster(cluster);
        } catch (InvalidPolicyException e) {
            throw new UserError("config: key 'policy': " + e.getMessage(), e);
        } catch (KeyFileException | IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        var sinks = AuditSinks.open(file, store);
        sinks.forEach(builder::auditSink);
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            AuditSinks.close(sinks);
            throw new UserError(e.getMessage(), e);
        }
    }

    /** The node's part in a cluster: membership list, routing, partition policy, hand-over hold. */
    static ClusterSettings cluster(GatewayFile file) {
        var members = new ArrayList<ClusterMember>();
        for (var member : file.members()) {
            members.add(ClusterMember.parse(member));
        }
        return ClusterSettings.DEFAULT
                .withMembers(members)
                .withRouting(Routing.parse(file.routing()))
                .withPartitionPolicy(PartitionPolicy.parse(file.partitionPolicy()))
                .withHoldFrames(file.holdFrames());
    }

    static InetSocketAddress opsAddress(String admin) {
        int colon = admin.lastIndexOf(':');
        var host = admin.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, Integer.parseInt(admin.substring(colon + 1)));
    }
}
