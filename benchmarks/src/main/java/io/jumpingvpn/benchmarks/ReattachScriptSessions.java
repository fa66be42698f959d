package io.jumpingvpn.benchmarks;

import io.jumpingvpn.store.AgentPublicKey;
import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.redis.RedisSessionStore;
import io.jumpingvpn.store.redis.RedisStoreOptions;
import io.jumpingvpn.store.redis.internal.LeaseSlots;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sessions and the node lease that {@code redis-benchmark} commits reattaches on when it runs the store's own
 * reattach script (with {@code baseline-reattach-prologue.lua} in front), created and checked by the Redis store
 * itself so that they are as real as those of {@code jvpn bench store}.
 *
 * <p>{@code prepare URI SESSIONS} registers one node (lease of an hour, so that it outlives the run without renewals)
 * and creates SESSIONS sessions owned by it, under a key prefix of their own, with ids whose last 12 characters are the
 * session's number in 12 zero-padded digits: exactly what {@code redis-benchmark -r SESSIONS} puts in place of
 * {@code __rand_int__}. Prints one JSON object with the prefix, the node and its epoch, the binding, the session key
 * with {@code __rand_int__} in it and the lease-slot key the store uses for those sessions.
 *
 * <p>{@code check URI PREFIX SESSIONS} reads every session back through the store (every record is validated on the
 * way) and prints one JSON object with the reattach commits they hold: an uncontended reattach of an ATTACHED session
 * advances its version by 2, from 1 at creation. Exits 1 when a session is missing, corrupt or not as such commits
 * leave it.
 */
public final class ReattachScriptSessions {

    private static final Duration NODE_LEASE = Duration.ofHours(1);
    private static final Duration LIFETIME = Duration.ofHours(1);
    private static final Binding BINDING = new Binding("udp", "127.0.0.1:40000");
    private static final String PREFIX_HEAD = "jvpn-bench-rs";
    private static final int RUN_ID_DIGITS = 7;
    /** What redis-benchmark replaces by a random number of 12 zero-padded digits. */
    private static final String RAND_INT = "__rand_int__";

    private static final int ID_DIGITS = 12;
    private static final int MAX_SESSIONS = 1_000_000;
    private static final int IN_FLIGHT = 256;
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(10);

    private ReattachScriptSessions() {}

    public static void main(String[] args) throws InterruptedException {
        try {
            if (args.length == 3 && args[0].equals("prepare")) {
                prepare(args[1], sessionCount(args[2]));
            } else if (args.length == 4 && args[0].equals("check")) {
                check(args[1], args[2], sessionCount(args[3]));
            } else {
                throw new Failure(
                        "usage: ReattachScriptSessions prepare redis://HOST:PORT SESSIONS"
                                + " | check redis://HOST:PORT PREFIX SESSIONS",
                        2);
            }
        } catch (Failure e) {
            System.err.println("reattach script sessions: " + e.getMessage());
            System.exit(e.exitCode);
        }
    }

    private static void prepare(String uri, int sessions) throws InterruptedException {
        var random = new SecureRandom();
        var runId = String.format(Locale.ROOT, "%0" + RUN_ID_DIGITS + "d", random.nextInt(10_000_000));
        var prefix = PREFIX_HEAD + runId;
        try (var store = open(uri, prefix)) {
            var lease = register(store, new NodeId("bench-" + runId + "-0"));
            var failure = new AtomicReference<String>();
            var permits = new Semaphore(IN_FLIGHT);
            for (int i = 0; i < sessions && failure.get() == null; i++) {
                var key = new byte[32];
                random.nextBytes(key);
                permits.acquire();
                store.create(new CreateSession(
                                sessionId(runId, Integer.toString(i)),
                                AgentPublicKey.of(key),
                                lease.node(),
                                BINDING,
                                new RequestId("c-" + runId + "-" + i),
                                LIFETIME,
                                "bench"))
                        .whenComplete((result, error) -> {
                            if (error != null || !result.isCommitted()) {
                                failure.compareAndSet(null, error != null ? error.toString() : result.toString());
                            }
                            permits.release();
                        });
            }
            permits.acquire(IN_FLIGHT);
            if (failure.get() != null) {
                throw new Failure("creating the sessions failed: " + failure.get(), 2);
            }
            var keys = LeaseSlots.single(prefix);
            System.out.printf(
                    Locale.ROOT,
                    "{\"prefix\":\"%s\",\"node\":\"%s\",\"epoch\":%d,\"binding\":\"%s\",\"session_key\":\"%s\","
                            + "\"lease_key\":\"%s\",\"sessions\":%d}%n",
                    prefix,
                    lease.node().node(),
                    lease.node().epoch(),
                    BINDING,
                    keys.sessionKey(sessionId(runId, RAND_INT)),
                    keys.leaseKey(0),
                    sessions);
        }
    }

    private static void check(String uri, String prefix, int sessions) {
        if (!prefix.startsWith(PREFIX_HEAD) || prefix.length() != PREFIX_HEAD.length() + RUN_ID_DIGITS) {
            throw new Failure(
                    "PREFIX must be one that prepare printed (" + PREFIX_HEAD + "<7 digits>), got '" + prefix + "'", 2);
        }
        var runId = prefix.substring(PREFIX_HEAD.length());
        long commits = 0;
        long minVersion = Long.MAX_VALUE;
        long maxVersion = 0;
        try (var store = open(uri, prefix)) {
            for (int i = 0; i < sessions; i++) {
                var id = sessionId(runId, Integer.toString(i));
                var read = store.read(id).toCompletableFuture().join();
                if (read instanceof ReadResult.Unavailable unavailable) {
                    throw new Failure("cannot read session " + id + ": " + unavailable.cause(), 2);
                }
                if (!(read instanceof ReadResult.Found found)) {
                    throw new Failure("session " + id + ": " + read, 1);
                }
                var record = found.record();
                var wrong = unexpected(record);
                if (wrong != null) {
                    throw new Failure(wrong, 1);
                }
                commits += (record.version() - 1) / 2;
                minVersion = Math.min(minVersion, record.version());
                maxVersion = Math.max(maxVersion, record.version());
            }
        }
        System.out.printf(
                Locale.ROOT,
                "{\"sessions\":%d,\"reattach_commits\":%d,\"min_version\":%d,\"max_version\":%d}%n",
                sessions,
                commits,
                minVersion,
                maxVersion);
    }

    /**
     * The id of session {@code number} of run {@code runId}: 10 characters, then the number zero-padded to 12 digits
     * (22 in all, as long as the ids newSessionId() hands out). {@code number} may also be redis-benchmark's
     * placeholder, 12 characters as well.
     */
    private static SessionId sessionId(String runId, String number) {
        var digits = number.equals(RAND_INT) ? number : "0".repeat(ID_DIGITS - number.length()) + number;
        return new SessionId("rs-" + runId + digits);
    }

    /** What is wrong with a record that only a creation and uncontended reattaches by its owner wrote, or null. */
    private static String unexpected(SessionRecord record) {
        if (record.state() != SessionState.ATTACHED) {
            return "session " + record.id() + " is " + record.state();
        }
        if (record.version() % 2 != 1 || record.baseVersion() != Math.max(0, record.version() - 2)) {
            return "session " + record.id() + " is at version " + record.version() + " from " + record.baseVersion()
                    + ", not where uncontended reattaches lead";
        }
        if (record.version() > 1 && record.lastCommit() != CommitKind.REATTACH) {
            return "session " + record.id() + " was last committed by " + record.lastCommit();
        }
        if (record.lastNonce() != (record.version() - 1) / 2) {
            return "session " + record.id() + " holds nonce " + record.lastNonce() + " at version " + record.version();
        }
        return null;
    }

    private static RedisSessionStore open(String uri, String prefix) {
        try {
            // Generous timeouts: these calls only set up and check, and the machine may be loaded by the benchmark.
            return RedisSessionStore.open(RedisStoreOptions.builder(uri)
                    .keyPrefix(prefix)
                    .commandTimeout(SETUP_TIMEOUT)
                    .connectTimeout(SETUP_TIMEOUT)
                    .build());
        } catch (IllegalArgumentException e) {
            throw new Failure("bad Redis URI " + uri + ": " + e.getMessage(), 2);
        }
    }

    private static NodeLease register(RedisSessionStore store, NodeId node) {
        var result = store.registerNode(node, NODE_LEASE).toCompletableFuture().join();
        return switch (result) {
            case StoreResult.Committed<NodeLease> ok -> ok.value();
            case StoreResult.Rejected<NodeLease> r ->
                throw new Failure(
                        "the store refused to register " + node + ": " + r.code() + " (" + r.detail() + ")", 2);
            case StoreResult.Unknown<NodeLease> u ->
                throw new Failure("the store did not answer the registration of " + node + ": " + u.cause(), 2);
        };
    }

    private static int sessionCount(String text) {
        try {
            int sessions = Integer.parseInt(text);
            if (sessions >= 1 && sessions <= MAX_SESSIONS) {
                return sessions;
            }
        } catch (NumberFormatException e) {
            // the message below names the value
        }
        throw new Failure("SESSIONS must be a number from 1 to " + MAX_SESSIONS + ", got '" + text + "'", 2);
    }

    /** Ends the run with one line on stderr: exit code 1 when a session is not as expected, 2 for anything else. */
    private static final class Failure extends RuntimeException {

        private final int exitCode;

        Failure(String message, int exitCode) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }
}
