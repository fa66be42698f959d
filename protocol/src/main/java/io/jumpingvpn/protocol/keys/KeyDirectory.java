package io.jumpingvpn.protocol.keys;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key directory {@code ./jvpn keygen} makes and {@code ./jvpn gateway --keys DIR} / {@code ./jvpn agent --keys
 * DIR} read: {@value #GATEWAY_SECRET}, {@value #GATEWAY_PUBLIC}, {@value #AGENT_SECRET}, {@value #AGENT_PUBLIC} and
 * {@value #ALLOWLIST}. A gateway needs its secret key and the allowlist; an agent needs its secret key and the gateway
 * public key it pins. In production the two sides get different directories holding only their own files.
 */
public final class KeyDirectory {

    public static final String GATEWAY_SECRET = "gateway.key";
    public static final String GATEWAY_PUBLIC = "gateway.pub";
    public static final String AGENT_SECRET = "agent.key";
    public static final String AGENT_PUBLIC = "agent.pub";
    public static final String ALLOWLIST = "agents.allow";

    private KeyDirectory() {}

    /** What a gateway node loads: the cluster key and the agents it admits. */
    public record GatewayKeys(IdentityKeyPair gatewayKey, AgentAllowlist allowlist) {
        public GatewayKeys {
            requireNonNull(gatewayKey, "gatewayKey");
            requireNonNull(allowlist, "allowlist");
        }
    }

    /** What an agent loads: its own key and the pinned gateway cluster key. */
    public record AgentKeys(IdentityKeyPair agentKey, IdentityKey gatewayKey) {
        public AgentKeys {
            requireNonNull(agentKey, "agentKey");
            requireNonNull(gatewayKey, "gatewayKey");
        }
    }

    /** What {@link #generate} wrote. */
    public record Generated(Path directory, IdentityKey gatewayKey, IdentityKey agentKey, List<Path> files) {
        public Generated {
            requireNonNull(directory, "directory");
            requireNonNull(gatewayKey, "gatewayKey");
            requireNonNull(agentKey, "agentKey");
            files = List.copyOf(files);
        }
    }

    /**
     * Creates {@code directory} if needed and writes a fresh gateway key pair, a fresh agent key pair named
     * {@code agentName}, and an allowlist holding that agent. Fails without writing anything if any of the five files
     * already exists.
     */
    public static Generated generate(Path directory, SecureRandom random, String agentName) throws KeyFileException {
        requireNonNull(directory, "directory");
        requireNonNull(random, "random");
        requireNonNull(agentName, "agentName");
        var files = List.of(GATEWAY_SECRET, GATEWAY_PUBLIC, AGENT_SECRET, AGENT_PUBLIC, ALLOWLIST).stream()
                .map(directory::resolve)
                .toList();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new KeyFileException(directory + ": cannot create directory (" + e.getMessage() + ")", e);
        }
        for (var file : files) {
            if (Files.exists(file)) {
                throw new KeyFileException(file + ": already exists; key files are never overwritten");
            }
        }
        var gateway = IdentityKeyPair.generate(random);
        var agent = IdentityKeyPair.generate(random);
        var name = Optional.of(agentName);
        KeyFiles.writeSecretKey(files.get(0), gateway, "Jumping VPN gateway cluster secret key");
        KeyFiles.writePublicKey(
                files.get(1), gateway.publicKey(), Optional.of("gateway"), "Jumping VPN gateway cluster public key");
        KeyFiles.writeSecretKey(files.get(2), agent, "Jumping VPN agent secret key (" + agentName + ")");
        KeyFiles.writePublicKey(files.get(3), agent.publicKey(), name, "Jumping VPN agent public key");
        KeyFiles.writeAllowlist(
                files.get(4),
                AgentAllowlist.of(Map.of(agent.publicKey(), name)),
                "Jumping VPN agents admitted by the gateway");
        return new Generated(directory, gateway.publicKey(), agent.publicKey(), files);
    }

    /** Loads {@value #GATEWAY_SECRET} and {@value #ALLOWLIST} from {@code directory}. */
    public static GatewayKeys loadGateway(Path directory) throws KeyFileException {
        requireNonNull(directory, "directory");
        return new GatewayKeys(
                KeyFiles.readSecretKey(directory.resolve(GATEWAY_SECRET)),
                KeyFiles.readAllowlist(directory.resolve(ALLOWLIST)));
    }

    /** Loads {@value #AGENT_SECRET} and {@value #GATEWAY_PUBLIC} from {@code directory}. */
    public static AgentKeys loadAgent(Path directory) throws KeyFileException {
        requireNonNull(directory, "directory");
        return new AgentKeys(
                KeyFiles.readSecretKey(directory.resolve(AGENT_SECRET)),
                KeyFiles.readPublicKey(directory.resolve(GATEWAY_PUBLIC)));
    }
}
