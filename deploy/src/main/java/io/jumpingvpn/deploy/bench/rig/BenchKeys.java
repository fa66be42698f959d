package io.jumpingvpn.deploy.bench.rig;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.crypto.AgentCrypto;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.keys.KeyFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/** Real keys from {@link KeyDirectory#generate} in a temporary directory, deleted on close. */
public final class BenchKeys implements AutoCloseable {

    private final Path directory;
    private final KeyDirectory.GatewayKeys gateway;
    private final KeyDirectory.AgentKeys agent;

    private BenchKeys(Path directory, KeyDirectory.GatewayKeys gateway, KeyDirectory.AgentKeys agent) {
        this.directory = directory;
        this.gateway = gateway;
        this.agent = agent;
    }

    public static BenchKeys generate() {
        Path directory;
        try {
            directory = Files.createTempDirectory("jvpn-bench-keys");
        } catch (IOException e) {
            throw new UserError("cannot create a temporary key directory: " + e.getMessage(), e);
        }
        try {
            KeyDirectory.generate(directory, new SecureRandom(), "bench-agent");
            return new BenchKeys(directory, KeyDirectory.loadGateway(directory), KeyDirectory.loadAgent(directory));
        } catch (KeyFileException | RuntimeException e) {
            deleteTree(directory);
            throw new UserError("cannot generate benchmark keys in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The key directory (as {@code jvpn gateway --keys} reads it), until {@link #close()}. */
    public Path directory() {
        return directory;
    }

    public KeyDirectory.GatewayKeys gateway() {
        return gateway;
    }

    public KeyDirectory.AgentKeys agent() {
        return agent;
    }

    /** The agent's side of the signed exchanges, as a raw client uses it. */
    public AgentCrypto agentCrypto() {
        return new AgentCrypto(agent.agentKey(), agent.gatewayKey(), Clock.systemUTC(), new SecureRandom());
    }

    @Override
    public void close() {
        deleteTree(directory);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("bench: could not delete the temporary key directory " + root + ": " + e);
        }
    }
}
