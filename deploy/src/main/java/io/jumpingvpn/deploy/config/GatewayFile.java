package io.jumpingvpn.deploy.config;

import static io.jumpingvpn.deploy.config.ConfigProblem.check;
import static io.jumpingvpn.deploy.config.ConfigProblem.oneOf;
import static io.jumpingvpn.deploy.config.ConfigProblem.range;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.jumpingvpn.gateway.audit.SyslogSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of one gateway node: the typed form of {@code gateway.yaml} after environment variables and flags
 * were applied ({@link ConfigLoader}). Keys are lower snake case ({@code node_id}, {@code audit.syslog.targets}); every
 * record fills its defaults and checks its ranges when built, naming the key. Immutable. docs/configuration.md lists
 * every key.
 */
public record GatewayFile(
        @JsonPropertyDescription("this node's id in the store ([A-Za-z0-9._-]{1,64})")
        String nodeId,

        @JsonPropertyDescription("endpoints to serve: udp://HOST:PORT, tcp://HOST:PORT")
        List<String> listen,

        @JsonPropertyDescription("directory with gateway.key and agents.allow (jvpn keygen)")
        String keys,

        @JsonPropertyDescription("where tunnel traffic goes: echo or udp://HOST:PORT")
        String egress,

        @JsonPropertyDescription("memory, or a Redis URI (redis://, rediss://, redis-sentinel://, redis-cluster://)")
        String store,

        Redis redis,

        @JsonPropertyDescription("policy overrides, KEY: VALUE (keys and ranges in docs/protocol.md)")
        Map<String, String> policy,

        @JsonPropertyDescription("node history file for the chaos checker (JSON lines); empty: none")
        String history,

        @JsonPropertyDescription("ops HTTP address HOST:PORT (/metrics, /healthz, /readyz), or off")
        String admin,

        @JsonPropertyDescription("node lease in the store (default: the policy's NODE_LEASE_MS)")
        Duration nodeLease,

        @JsonPropertyDescription("longest any store call may take before its outcome is unknown")
        Duration storeTimeout,

        @JsonPropertyDescription("Netty event loop threads (default: available processors)")
        Integer ioThreads,

        @JsonPropertyDescription("local sessions above which handshakes are refused POLICY_DENY")
        Integer maxSessions,

        @JsonPropertyDescription("how long a graceful stop may take")
        Duration closeTimeout,

        @JsonPropertyDescription(
                "cluster membership: ID=udp://HOST:PORT;tcp://HOST:PORT[;admin://HOST:PORT] per node, where agents"
                        + " (and, for sticky routing, other nodes) reach it")
        List<String> members,

        @JsonPropertyDescription(
                "shared (one session table in the store) or sticky (rendezvous hashing over members, store memory)")
        String routing,

        @JsonPropertyDescription("when the node lease cannot be proven: deny (freeze, resume) or terminate")
        String partitionPolicy,

        @JsonPropertyDescription("DATA frames a taken-over session keeps until the previous owner stopped")
        Integer holdFrames,

        @JsonPropertyDescription("how long the drain on SIGTERM may take before the node exits")
        Duration drainGrace,

        @JsonPropertyDescription("admin API address HOST:PORT (loopback by default) or off; needs admin_token_file")
        String adminApi,

        @JsonPropertyDescription("file of admin API bearer tokens (TOKEN or NAME TOKEN per line); empty: no admin API")
        String adminTokenFile,

        Audit audit,
        Log log) {

    public static final String DEFAULT_ADMIN = "127.0.0.1:9464";

    public GatewayFile {
        nodeId = nodeId == null ? "gw-1" : nodeId;
        check(nodeId.matches("[A-Za-z0-9._-]{1,64}"), "node_id", "'" + nodeId + "' is not 1 to 64 of [A-Za-z0-9._-]");
        listen = listen == null ? List.of("udp://127.0.0.1:7000", "tcp://127.0.0.1:7000") : List.copyOf(listen);
        check(!listen.isEmpty(), "listen", "at least one udp://HOST:PORT or tcp://HOST:PORT is required");
        keys = keys == null ? "" : keys;
        egress = egress == null ? "echo" : egress;
        store = store == null ? "memory" : store.strip();
        check(!store.isEmpty(), "store", "is empty; use memory or a Redis URI");
        redis = redis == null ? new Redis(null, null, null, null, null, null) : redis;
        policy = policy == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(policy));
        history = history == null ? "" : history;
        admin = admin == null ? DEFAULT_ADMIN : admin.strip();
        check(
                admin.equals("off") || HostPortText.isHostPort(admin),
                "admin",
                "'" + admin + "' is not HOST:PORT or off");
        if (nodeLease != null) {
            range(nodeLease, nodeLease, "node_lease", Duration.ofMillis(300), Duration.ofMinutes(10));
        }
        storeTimeout = range(
                storeTimeout, Duration.ofSeconds(2), "store_timeout", Duration.ofMillis(10), Duration.ofMinutes(1));
        if (ioThreads != null) {
            range(ioThreads, 1, "io_threads", 1, 256);
        }
        maxSessions = range(maxSessions, 100_000, "max_sessions", 1, 10_000_000);
        closeTimeout = range(
                closeTimeout, Duration.ofSeconds(5), "close_timeout", Duration.ofMillis(10), Duration.ofMinutes(10));
        members = members == null ? List.of() : List.copyOf(members);
        for (var member : members) {
            check(
                    member.matches("[A-Za-z0-9._-]{1,64}=.+"),
                    "members",
                    "'" + member + "' is not ID=udp://HOST:PORT;tcp://HOST:PORT");
        }
        routing =
                oneOf(routing == null ? null : routing.strip().toLowerCase(Locale.ROOT), "shared", "routing", ROUTINGS);
        if (routing.equals("sticky")) {
            check(
                    store.equalsIgnoreCase("memory"),
                    "routing",
                    "sticky routing keeps each node's sessions in its own memory, so key 'store' must be memory, not "
                            + schemeOf(store) + " (a shared store goes with routing: shared)");
            check(
                    !members.isEmpty(),
                    "members",
                    "sticky routing hashes sessions over the membership list (key 'routing' is sticky); list every"
                            + " node, this one included");
            var self = nodeId;
            check(
                    members.stream().anyMatch(member -> member.startsWith(self + "=")),
                    "members",
                    "sticky routing needs this node (node_id " + self + ") in the membership list");
        }
        partitionPolicy = oneOf(
                partitionPolicy == null ? null : partitionPolicy.toLowerCase(Locale.ROOT),
                "deny",
                "partition_policy",
                PARTITION_POLICIES);
        holdFrames = range(holdFrames, 64, "hold_frames", 0, 4096);
        drainGrace = range(
                drainGrace, Duration.ofSeconds(10), "drain_grace", Duration.ofMillis(100), Duration.ofMinutes(10));
        adminApi = adminApi == null || adminApi.isBlank() ? DEFAULT_ADMIN_API : adminApi.strip();
        check(
                adminApi.equals("off") || HostPortText.isHostPort(adminApi),
                "admin_api",
                "'" + adminApi + "' is not HOST:PORT or off");
        adminTokenFile = adminTokenFile == null ? "" : adminTokenFile.strip();
        check(
                !adminTokenFile.isEmpty() || adminApi.equals("off") || adminApi.equals(DEFAULT_ADMIN_API),
                "admin_token_file",
                "is required to serve the admin API on " + adminApi
                        + " (a file of bearer tokens), or set admin_api: off");
        audit = audit == null ? new Audit(null, null, null, null, null) : audit;
        log = log == null ? new Log(null, null) : log;
    }

    public static final String DEFAULT_ADMIN_API = "127.0.0.1:9480";
    public static final List<String> PARTITION_POLICIES = List.of("deny", "terminate");
    public static final List<String> ROUTINGS = List.of("shared", "sticky");

    /** {@code redis://…} for a URI: enough to name it in an error without printing a password. */
    private static String schemeOf(String uri) {
        int separator = uri.indexOf("://");
        return separator < 0 ? "'" + uri + "'" : uri.substring(0, separator + 3) + "…";
    }

    /** Whether the admin API runs: it needs a token file, and can be switched off. */
    public boolean adminApiEnabled() {
        return !adminTokenFile.isEmpty() && !adminApi.equals("off");
    }

    public Optional<String> historyFile() {
        return history.isBlank() ? Optional.empty() : Optional.of(history);
    }

    /** The session store's Redis client settings (ignored for {@code store: memory}). */
    public record Redis(
            @JsonPropertyDescription("how long one Redis command may take")
            Duration commandTimeout,

            @JsonPropertyDescription("how long connecting to Redis may take")
            Duration connectTimeout,

            @JsonPropertyDescription("replica acknowledgements awaited (WAIT) after each commit; 0: none")
            Integer waitReplicas,

            @JsonPropertyDescription("how long WAIT may take (shorter than command_timeout)")
            Duration waitTimeout,

            @JsonPropertyDescription("prefix of every key (the same on every node of a cluster)")
            String keyPrefix,

            @JsonPropertyDescription("how long a record outlives its end")
            Duration tombstoneRetention) {

        public Redis {
            commandTimeout = range(
                    commandTimeout,
                    Duration.ofMillis(500),
                    "command_timeout",
                    Duration.ofMillis(10),
                    Duration.ofMinutes(1));
            connectTimeout = range(
                    connectTimeout,
                    Duration.ofSeconds(2),
                    "connect_timeout",
                    Duration.ofMillis(10),
                    Duration.ofMinutes(1));
            waitReplicas = range(waitReplicas, 0, "wait_replicas", 0, 16);
            waitTimeout = range(
                    waitTimeout, Duration.ofMillis(100), "wait_timeout", Duration.ofMillis(1), Duration.ofMinutes(1));
            check(
                    waitReplicas == 0 || waitTimeout.compareTo(commandTimeout) < 0,
                    "wait_timeout",
                    Durations.text(waitTimeout) + " must be shorter than command_timeout ("
                            + Durations.text(commandTimeout) + ")");
            keyPrefix = keyPrefix == null ? "jvpn" : keyPrefix;
            check(
                    keyPrefix.matches("[A-Za-z0-9._-]{1,32}"),
                    "key_prefix",
                    "'" + keyPrefix + "' is not 1 to 32 of [A-Za-z0-9._-]");
            tombstoneRetention = range(
                    tombstoneRetention,
                    Duration.ofHours(1),
                    "tombstone_retention",
                    Duration.ofSeconds(1),
                    Duration.ofDays(30));
        }
    }

    /** Where audit events go: any number of sinks at once. */
    public record Audit(
            @JsonPropertyDescription("JSON lines to standard output")
            Boolean stdout,

            @JsonPropertyDescription("events queued for the sinks before new ones are dropped (counted, reported)")
            Integer queueCapacity,

            AuditFile file,
            Syslog syslog,
            RedisStream redisStream) {

        public Audit {
            stdout = stdout == null || stdout;
            queueCapacity = range(queueCapacity, 16_384, "queue_capacity", 16, 1_048_576);
            file = file == null ? new AuditFile(null, null, null) : file;
            syslog = syslog == null ? new Syslog(null, null, null, null, null) : syslog;
            redisStream = redisStream == null ? new RedisStream(null, null, null, null) : redisStream;
        }
    }

    /** JSON lines to a file rotated by size. */
    public record AuditFile(
            @JsonPropertyDescription("the file; empty: no file sink")
            String path,

            @JsonPropertyDescription("size in MiB at which the file is rotated")
            Integer maxSizeMb,

            @JsonPropertyDescription("rotated files kept (FILE.1 .. FILE.N)")
            Integer maxFiles) {

        public AuditFile {
            path = path == null ? "" : path;
            maxSizeMb = range(maxSizeMb, 100, "max_size_mb", 1, 1_048_576);
            maxFiles = range(maxFiles, 5, "max_files", 1, 1000);
        }
    }

    /** RFC 5424 syslog to one or more collectors. */
    public record Syslog(
            @JsonPropertyDescription("collectors: udp://HOST:PORT or tcp://HOST:PORT; empty: no syslog")
            List<String> targets,

            @JsonPropertyDescription("structured (fields as RFC 5424 structured data) or json (the JSON line as MSG)")
            String format,

            @JsonPropertyDescription("syslog facility name (kern .. local7)")
            String facility,

            @JsonPropertyDescription("APP-NAME of every message")
            String appName,

            @JsonPropertyDescription("HOSTNAME of every message (default: this machine's name)")
            String hostname) {

        public static final List<String> FORMATS = List.of("structured", "json");

        public Syslog {
            targets = targets == null ? List.of() : List.copyOf(targets);
            for (var target : targets) {
                check(
                        (target.startsWith("udp://") || target.startsWith("tcp://"))
                                && HostPortText.isHostPort(target.substring(6)),
                        "targets",
                        "'" + target + "' is not udp://HOST:PORT or tcp://HOST:PORT");
            }
            format = oneOf(format, "structured", "format", FORMATS);
            facility = oneOf(facility, "local0", "facility", SyslogSettings.FACILITIES);
            appName = appName == null ? "jvpn" : appName;
            check(appName.matches("[!-~]{1,48}"), "app_name", "'" + appName + "' is not 1 to 48 printable characters");
            hostname = hostname == null ? "" : hostname;
            check(
                    hostname.isEmpty() || hostname.matches("[!-~]{1,255}"),
                    "hostname",
                    "'" + hostname + "' is not printable");
        }
    }

    /** The cluster-wide audit trail in a Redis stream. */
    public record RedisStream(
            @JsonPropertyDescription("append every event to the stream")
            Boolean enabled,

            @JsonPropertyDescription("Redis URI of the stream (default: the store's, when it is Redis)")
            String uri,

            @JsonPropertyDescription("the stream's key") String key,

            @JsonPropertyDescription("approximate bound of the stream (XADD MAXLEN ~)")
            Long maxLen) {

        public RedisStream {
            enabled = enabled != null && enabled;
            uri = uri == null ? "" : uri.strip();
            key = key == null ? "jvpn:audit" : key;
            check(key.matches("[!-~]{1,256}"), "key", "'" + key + "' is not 1 to 256 printable characters");
            maxLen = range(maxLen, 100_000L, "max_len", 1, 1_000_000_000L);
        }
    }

    /** The node's own log lines. */
    public record Log(
            @JsonPropertyDescription("text (human-readable) or json (one JSON object per line)")
            String format,

            @JsonPropertyDescription("TRACE, DEBUG, INFO, WARN or ERROR")
            String level) {

        public static final List<String> FORMATS = List.of("text", "json");
        public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

        public Log {
            format = oneOf(format, "text", "format", FORMATS);
            level = oneOf(level == null ? null : level.toUpperCase(Locale.ROOT), "INFO", "level", LEVELS);
        }
    }
}
