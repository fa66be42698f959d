package io.jumpingvpn.deploy.agent;

import io.jumpingvpn.agent.Agent;
import io.jumpingvpn.agent.AgentConfig;
import io.jumpingvpn.agent.AgentEnd;
import io.jumpingvpn.deploy.cli.ExitCodes;
import io.jumpingvpn.deploy.cli.PolicyOptions;
import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.keys.KeyFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jvpn agent}: one agent session, in the foreground, until it ends or SIGINT / SIGTERM. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = {
            "Run an agent: establish a session with the gateway(s), carry the local UDP port's datagrams through it,",
            "and keep it alive across transport deaths by reattaching over the best candidate.",
            "Exits 0 when stopped by a signal, 1 when the session ended on its own (the reason is printed)."
        })
public final class AgentCommand implements Callable<Integer> {

    @Option(
            names = "--gateway",
            required = true,
            split = ",",
            paramLabel = "udp://HOST:PORT|tcp://HOST:PORT",
            description = "Gateway endpoints, comma-separated, of one node or of several nodes of a cluster.")
    List<String> gateways;

    @Option(
            names = "--keys",
            required = true,
            paramLabel = "DIR",
            description = "Directory with agent.key and gateway.pub (see jvpn keygen).")
    Path keys;

    @Option(
            names = "--forward",
            paramLabel = "HOST:PORT",
            description = "Local UDP address whose datagrams go through the tunnel; replies come back to the sender.")
    String forward;

    @Option(
            names = "--name",
            defaultValue = "agent",
            description = "Name in logs and history (default ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--history", paramLabel = "FILE", description = "Write the agent's history (JSON lines).")
    Path history;

    @Option(names = "--quiet", description = "Do not print session events.")
    boolean quiet;

    @Mixin
    PolicyOptions policy;

    @Override
    public Integer call() throws Exception {
        AgentConfig config;
        try {
            var builder = AgentConfig.builder()
                    .keys(KeyDirectory.loadAgent(keys))
                    .policy(policy.policy())
                    .name(name);
            for (var gateway : gateways) {
                builder.gateway(gateway);
            }
            if (forward != null) {
                builder.forward(forward);
            }
            if (history != null) {
                builder.historyFile(history);
            }
            if (!quiet) {
                builder.listener(event -> System.out.println(AgentEventText.describe(event)));
            }
            config = builder.build();
        } catch (KeyFileException | IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        Agent agent;
        try {
            agent = Agent.start(config);
        } catch (IOException e) {
            throw new UserError("cannot start the agent: " + e.getMessage(), e);
        }
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("agent-shutdown").unstarted(agent::close));
        agent.status()
                .forwardAddress()
                .ifPresent(address -> System.err.println("agent forwarding local UDP " + address));
        AgentEnd end;
        try {
            end = agent.ended().get();
        } catch (ExecutionException e) {
            throw new UserError("the agent failed: " + e.getCause(), e);
        }
        System.err.println("agent ended: " + end);
        return ExitCodes.CHECK_FAILED;
    }
}
