package io.jumpingvpn.testkit.redis;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How one data-holding {@code redis-server} is run. Immutable; build with {@link #builder()}.
 *
 * @param persistence what survives a restart; default {@link Persistence#NONE}
 * @param startTimeout how long a start may take until the server answers PING; default 20 s
 * @param stopTimeout how long a graceful stop may take before SIGKILL; default 10 s
 * @param extraConfig further redis.conf lines ({@code "maxmemory 64mb"}), applied last
 * @param serverBinary the {@code redis-server} to run; empty means {@link RedisBinaries#redisServer() discovery}
 */
public record RedisOptions(
        Persistence persistence,
        Duration startTimeout,
        Duration stopTimeout,
        List<String> extraConfig,
        Optional<Path> serverBinary) {

    /** Settings the fixture must own: it connects to the port, reads the log, deletes the directory. */
    private static final Set<String> OWNED_SETTINGS = Set.of(
            "port",
            "bind",
            "dir",
            "logfile",
            "daemonize",
            "dbfilename",
            "appendfilename",
            "cluster-enabled",
            "cluster-config-file",
            "replicaof",
            "slaveof",
            "requirepass",
            "unixsocket");

    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    public RedisOptions {
        requireNonNull(persistence, "persistence");
        checkTimeout(startTimeout, "startTimeout");
        checkTimeout(stopTimeout, "stopTimeout");
        extraConfig = List.copyOf(requireNonNull(extraConfig, "extraConfig"));
        extraConfig.forEach(RedisOptions::checkConfigLine);
        requireNonNull(serverBinary, "serverBinary");
    }

    public static RedisOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder()
                .persistence(persistence)
                .startTimeout(startTimeout)
                .stopTimeout(stopTimeout);
        extraConfig.forEach(builder::config);
        serverBinary.ifPresent(builder::serverBinary);
        return builder;
    }

    private static void checkTimeout(Duration timeout, String name) {
        requireNonNull(timeout, name);
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(name + " must be between 100 ms and 10 min, got " + timeout);
        }
    }

    private static void checkConfigLine(String line) {
        requireNonNull(line, "extraConfig line");
        if (line.isBlank() || line.contains("\n") || line.contains("\r")) {
            throw new IllegalArgumentException("extraConfig line must be one non-blank line, got '" + line + "'");
        }
        String setting = line.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (OWNED_SETTINGS.contains(setting)) {
            throw new IllegalArgumentException(
                    "extraConfig line '" + line + "' sets '" + setting + "', which the Redis fixture controls");
        }
    }

    /** Builder with the defaults described on {@link RedisOptions}. */
    public static final class Builder {
        private Persistence persistence = Persistence.NONE;
        private Duration startTimeout = Duration.ofSeconds(20);
        private Duration stopTimeout = Duration.ofSeconds(10);
        private final List<String> extraConfig = new ArrayList<>();
        private Path serverBinary;

        private Builder() {}

        public Builder persistence(Persistence persistence) {
            this.persistence = persistence;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = stopTimeout;
            return this;
        }

        /** Adds one redis.conf line. */
        public Builder config(String line) {
            extraConfig.add(line);
            return this;
        }

        public Builder serverBinary(Path serverBinary) {
            this.serverBinary = requireNonNull(serverBinary, "serverBinary");
            return this;
        }

        public RedisOptions build() {
            return new RedisOptions(
                    persistence, startTimeout, stopTimeout, extraConfig, Optional.ofNullable(serverBinary));
        }
    }
}
