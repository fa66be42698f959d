package io.jumpingvpn.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisBinariesUnitTests {

    private static final String APT = "sudo apt-get install -y redis-server";
    private static final String BREW = "brew install redis";

    @TempDir
    Path dir;

    @Test
    void startingWithAMissingBinaryFailsWithHowToInstall() {
        RedisOptions options = RedisOptions.builder()
                .serverBinary(Path.of("/nonexistent/bin/redis-server"))
                .build();

        assertThatThrownBy(() -> RedisServer.start(options))
                .isInstanceOf(RedisFixtureException.class)
                .hasMessageContaining("/nonexistent/bin/redis-server")
                .hasMessageContaining(APT)
                .hasMessageContaining(BREW);
    }

    @Test
    void anEnvironmentOverrideThatDoesNotExistIsAnErrorNotAFallback() throws IOException {
        Path real = executable(dir.resolve("redis-server"));

        RedisBinaries.Lookup lookup = RedisBinaries.locate(
                Optional.empty(),
                null,
                Map.of(
                        "REDIS_SERVER",
                        "/nonexistent/redis-server",
                        "PATH",
                        real.getParent().toString()),
                List.of());

        assertThat(lookup)
                .isInstanceOfSatisfying(RedisBinaries.Lookup.Missing.class, missing -> assertThat(missing.message())
                        .contains("/nonexistent/redis-server", "environment variable REDIS_SERVER", APT, BREW)
                        .doesNotContain("\n"));
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironment() throws IOException {
        Path fromProperty = executable(Files.createDirectory(dir.resolve("a")).resolve("redis-server"));
        Path fromEnvironment =
                executable(Files.createDirectory(dir.resolve("b")).resolve("redis-server"));

        RedisBinaries.Lookup lookup = RedisBinaries.locate(
                Optional.empty(),
                fromProperty.toString(),
                Map.of("REDIS_SERVER", fromEnvironment.toString()),
                List.of());

        assertThat(lookup).isEqualTo(new RedisBinaries.Lookup.Found(fromProperty));
    }

    @Test
    void searchesThePathThenTheWellKnownDirectories() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path wellKnown = Files.createDirectory(dir.resolve("usr-local-bin"));
        Path binary = executable(wellKnown.resolve("redis-server"));

        RedisBinaries.Lookup lookup =
                RedisBinaries.locate(Optional.empty(), null, Map.of("PATH", empty.toString()), List.of(wellKnown));

        assertThat(lookup).isEqualTo(new RedisBinaries.Lookup.Found(binary));
    }

    @Test
    void aNonExecutableFileDoesNotCount() throws IOException {
        Path plain = Files.writeString(dir.resolve("redis-server"), "not a program");

        RedisBinaries.Lookup lookup = RedisBinaries.locate(
                Optional.empty(), null, Map.of("PATH", plain.getParent().toString()), List.of());

        assertThat(lookup)
                .isInstanceOfSatisfying(RedisBinaries.Lookup.Missing.class, missing -> assertThat(missing.message())
                        .contains("not found", APT, BREW));
    }

    @Test
    void findsTheInstalledRedisServer() {
        assertThat(RedisBinaries.redisServer()).isExecutable();
    }

    private static Path executable(Path path) throws IOException {
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
