package io.jumpingvpn.protocol.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesUnitTests {

    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path dir;

    @Test
    void keygenWritesBothSidesAndEachSideLoadsItsOwn() throws IOException {
        var generated = KeyDirectory.generate(dir.resolve("keys"), random, "laptop-1");
        assertThat(generated.files()).hasSize(5).allSatisfy(file -> assertThat(file)
                .exists());

        var gateway = KeyDirectory.loadGateway(generated.directory());
        var agent = KeyDirectory.loadAgent(generated.directory());
        assertThat(gateway.gatewayKey().publicKey()).isEqualTo(generated.gatewayKey());
        assertThat(agent.agentKey().publicKey()).isEqualTo(generated.agentKey());
        assertThat(agent.gatewayKey()).isEqualTo(generated.gatewayKey());
        assertThat(gateway.allowlist().keys()).containsExactly(generated.agentKey());
        assertThat(gateway.allowlist().nameOf(generated.agentKey())).contains("laptop-1");

        var message = new byte[] {1, 2, 3};
        assertThat(agent.gatewayKey().verify(message, gateway.gatewayKey().sign(message)))
                .isTrue();
    }

    @Test
    void secretKeysAreReadableByTheirOwnerOnly() throws IOException {
        var generated = KeyDirectory.generate(dir, random, "a");
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        var ownerOnly = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(dir.resolve(KeyDirectory.GATEWAY_SECRET)))
                .isEqualTo(ownerOnly);
        assertThat(Files.getPosixFilePermissions(dir.resolve(KeyDirectory.AGENT_SECRET)))
                .isEqualTo(ownerOnly);
        assertThat(Files.getPosixFilePermissions(dir.resolve(KeyDirectory.GATEWAY_PUBLIC)))
                .contains(PosixFilePermission.OWNER_READ);
        assertThat(generated.directory()).isEqualTo(dir);
    }

    @Test
    void keyFilesAreNeverOverwritten() throws IOException {
        KeyDirectory.generate(dir, random, "a");
        var before = Files.readString(dir.resolve(KeyDirectory.GATEWAY_SECRET));
        assertThatThrownBy(() -> KeyDirectory.generate(dir, random, "a"))
                .isInstanceOf(KeyFileException.class)
                .hasMessage(
                        dir.resolve(KeyDirectory.GATEWAY_SECRET) + ": already exists; key files are never overwritten");
        assertThat(Files.readString(dir.resolve(KeyDirectory.GATEWAY_SECRET))).isEqualTo(before);
        assertThatThrownBy(() -> KeyFiles.writeSecretKey(
                        dir.resolve(KeyDirectory.AGENT_SECRET), IdentityKeyPair.generate(random), "x"))
                .hasMessageEndingWith("already exists; key files are never overwritten");
    }

    @Test
    void anAllowlistTakesCommentsNamesAndAppendedPublicKeyFiles() throws IOException {
        var first = IdentityKeyPair.generate(random).publicKey();
        var second = IdentityKeyPair.generate(random).publicKey();
        var pub = dir.resolve("phone.pub");
        KeyFiles.writePublicKey(pub, second, Optional.of("phone"), "a phone");
        var allow = dir.resolve("agents.allow");
        Files.writeString(
                allow,
                "# agents\n\n  ed25519-public-key " + first + "\t laptop@home\n" + Files.readString(pub)
                        + "ed25519-public-key " + first + "\n");
        var allowlist = KeyFiles.readAllowlist(allow);
        assertThat(allowlist.keys()).containsExactly(first, second);
        assertThat(allowlist.nameOf(first)).contains("laptop@home");
        assertThat(allowlist.nameOf(second)).contains("phone");
        assertThat(allowlist.contains(IdentityKeyPair.generate(random).publicKey()))
                .isFalse();

        Files.writeString(dir.resolve("empty.allow"), "# nobody yet\n");
        assertThat(KeyFiles.readAllowlist(dir.resolve("empty.allow")).size()).isZero();
    }

    @Test
    void malformedFilesNameTheFileAndLine() throws IOException {
        var key = IdentityKeyPair.generate(random).publicKey();
        expectError(
                "agents.allow",
                "# header\nssh-ed25519 AAAA\n",
                ":2: expected 'ed25519-public-key <base64url key> [name]', got 'ssh-ed25519'");
        expectError("agents.allow", "ed25519-public-key not*base64\n", ":1: public key is not unpadded base64url");
        expectError(
                "agents.allow",
                "ed25519-public-key AAAA\n",
                ":1: public key must be 32 bytes (43 base64url characters), got 3 bytes");
        expectError(
                "agents.allow", "ed25519-public-key " + key + " bad/name\n", ":1: key name must be 1 to 64 characters");
        expectError(
                "agents.allow",
                "ed25519-public-key " + key + " a b\n",
                ":1: expected 'ed25519-public-key <base64url key> [name]'");
        // y = 2: (y^2 - 1) / (d y^2 + 1) is not a square mod p, so no x exists.
        var notAPoint = "AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        expectError("agents.allow", "ed25519-public-key " + notAPoint + "\n", ":1: not a valid Ed25519 public key");
        expectError("gateway.pub", "# nothing\n", ": no 'ed25519-public-key' line found");
        expectError(
                "gateway.pub",
                "ed25519-public-key " + key + "\n\ned25519-public-key " + key + "\n",
                ":3: more than one key line (the first is line 1)");
        expectError(
                "gateway.key",
                "ed25519-public-key " + key + "\n",
                ":1: expected a 'ed25519-secret-key' line, got 'ed25519-public-key'");
        expectError(
                "gateway.key",
                "ed25519-secret-key " + key + " extra\n",
                ":1: expected 'ed25519-secret-key <base64url seed>'");

        assertThatThrownBy(() -> KeyFiles.readSecretKey(dir.resolve("missing.key")))
                .isInstanceOf(KeyFileException.class)
                .hasMessage(dir.resolve("missing.key") + ": no such file");
        Files.write(dir.resolve("binary.key"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> KeyFiles.readSecretKey(dir.resolve("binary.key")))
                .hasMessage(dir.resolve("binary.key") + ": not UTF-8 text, not a key file");
    }

    @Test
    void aSecretKeyFileRoundTripsAndNeverPrintsTheSecret() throws IOException {
        var key = IdentityKeyPair.generate(random);
        var file = dir.resolve("agent.key");
        KeyFiles.writeSecretKey(file, key, "test key");
        var read = KeyFiles.readSecretKey(file);
        assertThat(read.publicKey()).isEqualTo(key.publicKey());
        var message = new byte[] {4, 5, 6};
        assertThat(read.sign(message)).isEqualTo(key.sign(message));
        assertThat(key.toString())
                .contains(key.publicKey().toString())
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(key.seed()));
    }

    private void expectError(String name, String content, String expectedSuffix) throws IOException {
        var file = dir.resolve(name);
        Files.writeString(file, content);
        assertThatThrownBy(() -> {
                    if (name.endsWith(".allow")) {
                        KeyFiles.readAllowlist(file);
                    } else if (name.endsWith(".pub")) {
                        KeyFiles.readPublicKey(file);
                    } else {
                        KeyFiles.readSecretKey(file);
                    }
                })
                .isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(expectedSuffix)
                .hasMessageNotContaining("\n");
        Files.delete(file);
    }
}
