package io.jumpingvpn.deploy.gateway;

import io.jumpingvpn.deploy.cli.PolicyOptions;
import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.deploy.store.StoreSpec;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.gateway.GatewayStartException;
import io.jumpingvpn.gateway.InvalidGatewayConfigException;
import io.jumpingvpn.gateway.audit.JsonLinesAuditSink;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.keys.KeyFileException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jvpn gateway}: one gateway node, in the foreground, until SIGTERM or SIGINT. */
@Command(
        name = "gateway",
        mixinStandardHelpOptions = true,
        description = {
            "Run a gateway node. With --store memory (the default) it is a single node on the embedded store;",
            "with a Redis URI it is one node of a cluster sharing that store."
        })
public final class GatewayCommand implements Callable<Integer> {

    @Option(names = "--node-id", defaultValue = "gw-1", description = "This node's id (default ${DEFAULT-VALUE}).")
    String nodeId;

    @Option(
            names = "--listen",
            split = ",",
            defaultValue = "udp://127.0.0.1:7000,tcp://127.0.0.1:7000",
            paramLabel = "udp://HOST:PORT|tcp://HOST:PORT",
            description = "Endpoints to serve, comma-separated (default ${DEFAULT-VALUE}).")
    List<String> listen;

    @Option(
            names = "--keys",
            required = true,
            paramLabel = "DIR",
            description = "Directory with gateway.key and agents.allow (see jvpn keygen).")
    Path keys;

    @Option(
            names = "--egress",
            defaultValue = "echo",
            paramLabel = "echo|udp://HOST:PORT",
            description = "Where tunnel traffic goes: echo it back, or forward it over UDP (default ${DEFAULT-VALUE}).")
    String egress;

    @Option(
            names = "--store",
            defaultValue = "memory",
            paramLabel = "memory|URI",
            description = "memory, redis://host:port, redis-sentinel://h:p[,h:p]#master or redis-cluster://h:p[,h:p] "
                    + "(default ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--history", paramLabel = "FILE", description = "Write the node's binding history (JSON lines).")
    Path history;

    @Option(
            names = "--audit",
            defaultValue = "stdout",
            paramLabel = "stdout|none|FILE",
            description = "Where audit events go as JSON lines (default ${DEFAULT-VALUE}).")
    String audit;

    @Mixin
    PolicyOptions policy;

    @Override
    public Integer call() throws Exception {
        var spec = StoreSpec.parse(store);
        var builder = GatewayConfig.builder();
        try {
            builder.nodeId(nodeId)
                    .listen(listen.toArray(String[]::new))
                    .keys(KeyDirectory.loadGateway(keys))
                    .egress(egress)
                    .policy(policy.policy());
            if (history != null) {
                builder.historyFile(history);
            }
            switch (audit) {
                case "none" -> {}
                case "stdout" -> builder.auditSink(JsonLinesAuditSink.stdout());
                default -> builder.auditSink(JsonLinesAuditSink.file(Path.of(audit)));
            }
        } catch (KeyFileException | IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError("cannot open --audit " + audit + ": " + e.getMessage(), e);
        }
        GatewayConfig config;
        try {
            config = builder.build();
        } catch (InvalidGatewayConfigException e) {
            throw new UserError(e.getMessage(), e);
        }
        var sessionStore = spec.open(b -> b);
        Gateway gateway;
        try {
            gateway = Gateway.start(config, sessionStore, new SimpleMeterRegistry());
        } catch (GatewayStartException e) {
            sessionStore.close();
            throw new UserError(e.getMessage(), e);
        }
        // SIGTERM / SIGINT: the JVM runs this hook; the node closes (releasing its lease) before the process ends.
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("gateway-shutdown").unstarted(() -> {
                    gateway.close();
                    sessionStore.close();
                    stopped.countDown();
                }));
        System.err.println("gateway " + gateway.nodeRef() + " serving " + gateway.endpoints() + " on store "
                + spec.redacted() + " (egress " + egress + ")");
        stopped.await();
        return 0;
    }
}
