package io.jumpingvpn.testkit.redis;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.testkit.redis.internal.ConfigText;
import io.jumpingvpn.testkit.redis.internal.Directories;
import io.jumpingvpn.testkit.redis.internal.LogTail;
import io.jumpingvpn.testkit.redis.internal.Ports;
import io.jumpingvpn.testkit.redis.internal.ProcessReaper;
import io.jumpingvpn.testkit.redis.internal.ServerProcess;
import io.jumpingvpn.testkit.redis.internal.Waits;
import io.jumpingvpn.testkit.resp.RespClient;
import io.jumpingvpn.testkit.resp.RespValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code redis-server} process (a data server or a Sentinel) on 127.0.0.1, in its own temporary directory, with
 * its config file and log kept there for diagnostics.
 *
 * <p>The port is fixed at the first start; {@link #restart(boolean)} comes back on the same port. Every lifecycle
 * method acts on the process by its PID and is safe to call from several threads. A handle obtained from
 * {@link SharedRedis} refuses stop, kill, pause and restart, and its {@link #close()} does nothing.
 */
public final class RedisServer implements RedisDeployment {

    /** What a process was started as. Replication roles can change later (failover); the kind does not. */
    public enum Kind {
        STANDALONE,
        /** A primary or replica of a {@link RedisSentinelGroup}. */
        REPLICATED,
        SENTINEL,
        CLUSTER_NODE
    }

    public static final String HOST = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(RedisServer.class);

    private static final int MAX_PORT_ATTEMPTS = 8;
    private static final int RESTART_ATTEMPTS = 20;
    private static final long RESTART_RETRY_MILLIS = 250;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final Kind kind;
    private final RedisOptions options;
    private final List<String> roleConfig;
    private final Path workDir;
    private final Path configFile;
    private final Path logFile;
    private final ServerProcess process;
    private final boolean shared;

    // fixed by the first start; read without the lock, which a restart holds for seconds
    private volatile int port;
    private boolean closed;

    private RedisServer(
            Kind kind, RedisOptions options, List<String> roleConfig, Path binary, Path workDir, boolean shared) {
        this.kind = kind;
        this.options = options;
        this.roleConfig = List.copyOf(roleConfig);
        this.workDir = workDir;
        this.configFile = workDir.resolve(kind == Kind.SENTINEL ? "sentinel.conf" : "redis.conf");
        this.logFile = workDir.resolve("redis.log");
        List<String> command = new ArrayList<>(List.of(binary.toString(), configFile.toString()));
        if (kind == Kind.SENTINEL) {
            command.add("--sentinel");
        }
        this.process = new ServerProcess(
                "redis-server (" + kind.name().toLowerCase(Locale.ROOT) + ")",
                command,
                workDir,
                logFile,
                workDir.resolve("stdout.log"));
        this.shared = shared;
    }

    /** A standalone server with default options ({@link Persistence#NONE}). */
    public static RedisServer start() {
        return start(RedisOptions.defaults());
    }

    /**
     * A standalone server, answering PING when this returns.
     *
     * @throws RedisFixtureException when redis-server is missing or does not start; the message says why
     */
    public static RedisServer start(RedisOptions options) {
        return launch(Kind.STANDALONE, options, List.of(), false);
    }

    /** Starts a process of any kind; {@code roleConfig} is written into its config file after the common lines. */
    static RedisServer launch(Kind kind, RedisOptions options, List<String> roleConfig, boolean shared) {
        requireNonNull(kind, "kind");
        requireNonNull(options, "options");
        Path binary = RedisBinaries.redisServer(options.serverBinary());
        Path workDir;
        try {
            workDir = Files.createTempDirectory("jvpn-redis-" + kind.name().toLowerCase(Locale.ROOT) + "-");
        } catch (IOException e) {
            throw new RedisFixtureException("cannot create a temporary directory for redis-server: " + e, e);
        }
        ProcessReaper.registerDirectory(workDir);
        RedisServer server = new RedisServer(kind, options, roleConfig, binary, workDir, shared);
        try {
            server.startOnFreePort();
            return server;
        } catch (RuntimeException e) {
            server.destroy();
            throw e;
        }
    }

    public Kind kind() {
        return kind;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT} (for a Sentinel, the address of the Sentinel itself). */
    @Override
    public String uri() {
        return "redis://" + HOST + ":" + port();
    }

    @Override
    public List<RedisServer> servers() {
        return List.of(this);
    }

    /** PID of the current process, or of the last one when it has ended. */
    public long pid() {
        return process.pid();
    }

    /** True while the process exists, paused or not. */
    public boolean isRunning() {
        return process.isRunning();
    }

    public boolean isPaused() {
        return process.isPaused();
    }

    public Path workDir() {
        return workDir;
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the server's log. */
    public String logTail(int lines) {
        return LogTail.tail(logFile, lines);
    }

    /** SIGTERM, then wait for exit (SIGKILL after the stop timeout). Redis saves first when persistence says so. */
    public synchronized void stop() {
        checkLifecycle("stop");
        process.stop(options.stopTimeout());
    }

    /** SIGKILL: the process ends at once, unsaved writes are lost. */
    public synchronized void kill() {
        checkLifecycle("kill");
        process.kill();
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing until {@link #resume()}. */
    public synchronized void pause() {
        checkLifecycle("pause");
        process.pause();
    }

    /** SIGCONT. Does nothing when the server is not paused. */
    public synchronized void resume() {
        checkLifecycle("resume");
        process.resume();
    }

    /**
     * Stops the server if it runs (gracefully, so {@link Persistence#RDB} saves) and starts it again on the same port.
     * With {@code keepData} false the dump and append-only files are deleted first, so Redis comes back empty (a
     * cluster node keeps its nodes.conf, so it rejoins its cluster with its slots but no keys; a Sentinel always
     * keeps its state). Returns when the server answers PING.
     *
     * @throws IllegalStateException when {@code keepData} is asked of a data server running without persistence
     * @throws RedisFixtureException when the server does not come back, or its port stays taken
     */
    public synchronized void restart(boolean keepData) {
        checkLifecycle("restart");
        if (keepData && kind != Kind.SENTINEL && options.persistence() == Persistence.NONE) {
            throw new IllegalStateException(this + " runs with Persistence.NONE: restart(true) would lose the"
                    + " data anyway; use Persistence.RDB or AOF, or restart(false)");
        }
        process.stop(options.stopTimeout());
        if (!keepData && kind != Kind.SENTINEL) {
            deleteData();
        }
        for (int attempt = 1; attempt <= RESTART_ATTEMPTS; attempt++) {
            if (process.start(port, options.startTimeout()) == ServerProcess.StartOutcome.READY) {
                return;
            }
            Waits.sleep(RESTART_RETRY_MILLIS);
        }
        throw new RedisFixtureException(this + " cannot restart: port " + port + " stayed in use by another process"
                + " for " + RESTART_ATTEMPTS * RESTART_RETRY_MILLIS + " ms");
    }

    /** Kills the process and deletes its directory. Idempotent; does nothing on the {@link SharedRedis} instance. */
    @Override
    public void close() {
        if (!shared) {
            destroy();
        }
    }

    /** A new connection with a 5 s connect and reply timeout; the caller closes it. */
    public RespClient connect() {
        try {
            return RespClient.connect(HOST, port(), COMMAND_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + this + ": " + e.getMessage(), e);
        }
    }

    /** Runs one command on a fresh connection. Server errors come back as {@link RespValue.ErrorReply}. */
    public RespValue command(String... args) {
        try (RespClient client = connect()) {
            return client.call(args);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    this + " did not answer " + args[0] + ": " + e.getClass().getSimpleName() + " " + e.getMessage(),
                    e);
        }
    }

    /** True when the server answers PONG within half a second. Never throws. */
    public boolean ping() {
        return ServerProcess.probe(port()) == null;
    }

    /** INFO {@code section} as name → value. */
    public Map<String, String> info(String section) {
        return ConfigText.parseInfo(command("INFO", section).asText());
    }

    /** First element of ROLE: {@code master}, {@code slave} or {@code sentinel}. */
    public String role() {
        return command("ROLE").asList().getFirst().asText();
    }

    public void flushAll() {
        RespValue reply = command("FLUSHALL");
        if (!reply.isOk()) {
            throw new RedisFixtureException("FLUSHALL on " + this + " answered " + reply);
        }
    }

    public long dbSize() {
        return command("DBSIZE").asLong();
    }

    @Override
    public String toString() {
        return "redis-server[" + kind.name().toLowerCase(Locale.ROOT) + " " + HOST + ":" + port() + ", pid "
                + process.pid() + ", " + workDir + "]";
    }

    /** Only for {@link SharedRedis}, replacing a shared server whose process died. */
    void destroyShared() {
        destroy();
    }

    private void checkLifecycle(String operation) {
        if (shared) {
            throw new UnsupportedOperationException("the JVM-wide shared redis-server cannot " + operation
                    + "; start a server of your own with RedisServer.start() for that");
        }
        if (closed) {
            throw new IllegalStateException(this + " is closed; cannot " + operation);
        }
    }

    private synchronized void startOnFreePort() {
        for (int attempt = 1; attempt <= MAX_PORT_ATTEMPTS; attempt++) {
            port = kind == Kind.CLUSTER_NODE ? Ports.freeClusterPort() : Ports.freeLoopbackPort();
            writeConfig();
            if (process.start(port, options.startTimeout()) == ServerProcess.StartOutcome.READY) {
                return;
            }
            log.debug("port {} was taken before redis-server bound it; retrying on another port", port);
        }
        throw new RedisFixtureException("redis-server (" + kind + ") found every chosen port taken in "
                + MAX_PORT_ATTEMPTS + " attempts; " + workDir);
    }

    private void writeConfig() {
        List<String> lines = new ArrayList<>();
        lines.add("# written by the jvpn testkit; Sentinel and CONFIG REWRITE may append to it");
        lines.add("port " + port);
        lines.add("bind " + HOST);
        lines.add("daemonize no");
        lines.add("dir " + ConfigText.quote(workDir.toString()));
        lines.add("logfile " + ConfigText.quote(logFile.toString()));
        if (kind != Kind.SENTINEL) {
            lines.add("dbfilename dump.rdb");
            lines.add("appendfilename appendonly.aof");
            // Redis 7 waits 5 s by default before a diskless full sync to batch replicas; tests cannot wait
            lines.add("repl-diskless-sync-delay 0");
            lines.addAll(options.persistence().configLines());
        }
        lines.addAll(roleConfig);
        if (kind != Kind.SENTINEL) {
            lines.addAll(options.extraConfig());
        }
        try {
            Files.write(configFile, lines);
        } catch (IOException e) {
            throw new RedisFixtureException("cannot write " + configFile + ": " + e.getMessage(), e);
        }
    }

    private synchronized void destroy() {
        if (closed) {
            return;
        }
        closed = true;
        process.kill();
        Directories.deleteQuietly(workDir);
        ProcessReaper.unregisterDirectory(workDir);
    }

    private void deleteData() {
        List<Path> doomed = new ArrayList<>(List.of(workDir.resolve("dump.rdb"), workDir.resolve("appendonly.aof")));
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(workDir, "temp-*.rdb")) {
            temps.forEach(doomed::add);
        } catch (IOException e) {
            throw new RedisFixtureException("cannot list " + workDir + ": " + e.getMessage(), e);
        }
        try {
            for (Path file : doomed) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new RedisFixtureException("cannot delete the data of " + this + ": " + e.getMessage(), e);
        }
        // Redis 7 keeps a multi-part AOF in a directory
        Path aofDirectory = workDir.resolve("appendonlydir");
        Directories.deleteQuietly(aofDirectory);
        if (Files.exists(aofDirectory)) {
            throw new RedisFixtureException("cannot delete " + aofDirectory);
        }
    }
}
