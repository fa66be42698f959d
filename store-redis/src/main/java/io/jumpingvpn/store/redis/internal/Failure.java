package io.jumpingvpn.store.redis.internal;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.cluster.PartitionException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why a Redis command did not produce a reply, sorted by the only question that matters to the caller: could the
 * command have run?
 *
 * <ul>
 *   <li>{@link Kind#NOT_EXECUTED}: certainly not: Lettuce refused it while disconnected, the connection could not be
 *       opened, or Redis answered with an error it gives before running anything (LOADING, BUSY, READONLY, MOVED...).
 *   <li>{@link Kind#NO_SCRIPT}: Redis does not have the script cached; nothing ran and the script can be sent again.
 *   <li>{@link Kind#UNKNOWN}: maybe: the command timed out, or the connection broke after it was written, or anything
 *       this class does not recognise. Unknown is the safe default.
 * </ul>
 */
public record Failure(Kind kind, String message) {

    public enum Kind {
        NOT_EXECUTED,
        NO_SCRIPT,
        UNKNOWN
    }

    /** Lettuce's message for a command refused while disconnected ({@code DisconnectedBehavior.REJECT_COMMANDS}). */
    static final String REJECTED_WHILE_DISCONNECTED = "Currently not connected";
    /** Lettuce's message for a command written to an endpoint that is closed. */
    static final String ENDPOINT_CLOSED = "Connection is closed";

    /** Error replies Redis gives before executing a command, so the command did not run. */
    private static final Set<String> REFUSED_BEFORE_RUNNING = Set.of(
            "LOADING",
            "BUSY",
            "MASTERDOWN",
            "CLUSTERDOWN",
            "TRYAGAIN",
            "READONLY",
            "OOM",
            "NOREPLICAS",
            "MOVED",
            "ASK",
            "NOAUTH",
            "WRONGPASS",
            "NOPERM",
            "CROSSSLOT");

    public Failure {
        requireNonNull(kind, "kind");
        requireNonNull(message, "message");
    }

    public static Failure notExecuted(String message) {
        return new Failure(Kind.NOT_EXECUTED, message);
    }

    public static Failure unknown(String message) {
        return new Failure(Kind.UNKNOWN, message);
    }

    /** Classifies an exception from Lettuce (or the store's own plumbing). */
    public static Failure of(Throwable error) {
        var cause = unwrap(requireNonNull(error, "error"));
        var text = String.valueOf(cause.getMessage());
        return switch (cause) {
            case FailureException f -> f.failure();
            case RedisNoScriptException e -> new Failure(Kind.NO_SCRIPT, text);
            case RedisCommandTimeoutException e -> unknown("command timed out: " + text);
            case RedisConnectionException e -> notExecuted("cannot connect: " + text);
            case PartitionException e -> notExecuted("no cluster node serves the key: " + text);
            case RedisCommandExecutionException e -> {
                var code = text.split(" ", 2)[0];
                yield REFUSED_BEFORE_RUNNING.contains(code)
                        ? notExecuted("Redis refused the command: " + text)
                        : unknown("Redis error: " + text);
            }
            case RedisException e
            when text.startsWith(REJECTED_WHILE_DISCONNECTED) -> notExecuted("not connected to Redis");
            case RedisException e when text.startsWith(ENDPOINT_CLOSED) -> notExecuted("connection is closed");
            default -> unknown(cause.getClass().getSimpleName() + ": " + text);
        };
    }

    private static Throwable unwrap(Throwable error) {
        var current = error;
        for (int depth = 0; depth < 8; depth++) {
            if ((current instanceof CompletionException || current instanceof ExecutionException)
                    && current.getCause() != null) {
                current = current.getCause();
            } else {
                return current;
            }
        }
        return current;
    }

    /** Carries a {@link Failure} through a future. No stack trace: these are expected conditions. */
    public static final class FailureException extends RuntimeException {
        private final Failure failure;

        public FailureException(Failure failure) {
            super(failure.message(), null, false, false);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }
}
