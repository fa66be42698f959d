package io.jumpingvpn.deploy;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.keys.KeyFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jvpn keygen DIR}: the key files of both sides, for a first cluster and its first agent. */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        description = {
            "Write a gateway cluster key, an agent key and an allowlist holding that agent into DIR.",
            "Gateway nodes need gateway.key and agents.allow; the agent needs agent.key and gateway.pub.",
            "Existing files are never overwritten."
        })
public final class KeygenCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory to write the key files into.")
    Path directory;

    @Option(
            names = "--agent-name",
            defaultValue = "agent",
            description = "Name recorded next to the agent's public key (default ${DEFAULT-VALUE}).")
    String agentName;

    @Override
    public Integer call() {
        try {
            var generated = KeyDirectory.generate(directory, new SecureRandom(), agentName);
            System.out.println("wrote " + generated.files().size() + " key files to " + generated.directory());
            for (var file : generated.files()) {
                System.out.println("  " + file);
            }
            System.out.println("gateway cluster public key: " + generated.gatewayKey());
            System.out.println("agent public key:           " + generated.agentKey());
            return 0;
        } catch (KeyFileException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
