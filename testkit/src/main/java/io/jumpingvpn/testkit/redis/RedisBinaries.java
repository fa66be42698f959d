package io.jumpingvpn.testkit.redis;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the {@code redis-server} binary. Order: an explicit path ({@link RedisOptions#serverBinary()}), the system
 * property {@value #PROPERTY}, the environment variable {@value #ENVIRONMENT}, then the PATH, {@code /usr/bin},
 * {@code /usr/local/bin} and {@code /opt/homebrew/bin}. An explicit path that does not exist is an error, never a
 * reason to fall back to another binary.
 */
public final class RedisBinaries {

    public static final String ENVIRONMENT = "REDIS_SERVER";
    public static final String PROPERTY = "jvpn.redis.server";

    static final String INSTALL_HINT = "Install it with 'sudo apt-get install -y redis-server' (Debian/Ubuntu) or"
            + " 'brew install redis' (macOS), or point " + ENVIRONMENT + " at a redis-server binary.";

    private static final List<Path> WELL_KNOWN_DIRECTORIES =
            List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin"), Path.of("/opt/homebrew/bin"));

    private RedisBinaries() {}

    /** Where a lookup ended. */
    public sealed interface Lookup {
        record Found(Path binary) implements Lookup {
            public Found {
                requireNonNull(binary, "binary");
            }
        }

        /** {@code message} is one line saying where it looked and how to install Redis. */
        record Missing(String message) implements Lookup {
            public Missing {
                requireNonNull(message, "message");
            }
        }
    }

    /**
     * The binary to run.
     *
     * @throws RedisFixtureException naming where it looked and how to install Redis
     */
    public static Path redisServer() {
        return redisServer(Optional.empty());
    }

    static Path redisServer(Optional<Path> explicit) {
        Lookup lookup = locate(explicit, System.getProperty(PROPERTY), System.getenv(), WELL_KNOWN_DIRECTORIES);
        return switch (lookup) {
            case Lookup.Found(Path binary) -> binary;
            case Lookup.Missing(String message) -> throw new RedisFixtureException(message);
        };
    }

    /** The lookup with its inputs passed in, so that every branch can be tested without changing the environment. */
    static Lookup locate(
            Optional<Path> explicit, String property, Map<String, String> environment, List<Path> wellKnown) {
        if (explicit.isPresent()) {
            return checkOverride(explicit.get().toString(), "the fixture options");
        }
        if (property != null && !property.isBlank()) {
            return checkOverride(property, "system property " + PROPERTY);
        }
        String fromEnvironment = environment.get(ENVIRONMENT);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return checkOverride(fromEnvironment, "environment variable " + ENVIRONMENT);
        }
        List<Path> directories = new ArrayList<>();
        String path = environment.getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator)) {
            toPath(entry).ifPresent(directories::add);
        }
        directories.addAll(wellKnown);
        for (Path directory : directories) {
            Path candidate = directory.resolve("redis-server");
            if (isExecutable(candidate)) {
                return new Lookup.Found(candidate);
            }
        }
        return new Lookup.Missing("redis-server not found on the PATH nor in " + wellKnown + ". " + INSTALL_HINT);
    }

    private static Lookup checkOverride(String value, String source) {
        Optional<Path> path = toPath(value);
        if (path.isPresent() && isExecutable(path.get())) {
            return new Lookup.Found(path.get());
        }
        return new Lookup.Missing("redis-server not found at '" + value + "' (set by " + source
                + "): no such executable file. " + INSTALL_HINT);
    }

    private static Optional<Path> toPath(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(text.strip()));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static boolean isExecutable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
