package io.jumpingvpn.store.redis.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.AgentPublicKey;
import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.RequestOutcome;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.StoreRejectCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reply of a session script, decoded. The shapes are fixed by {@code lib.lua}: success is
 * {@code {1, retried, now, ownerAlive, <17 record fields>}}, refusal is {@code {0, code, version or -1, detail}}.
 */
public sealed interface SessionReply {

    /** The record format this code reads and writes (field {@code fv}). */
    String FORMAT = "1";

    int FIELD_COUNT = 17;

    record Success(SessionRecord record, boolean retried, long storeNowMs, boolean ownerAlive) implements SessionReply {
        public Success {
            requireNonNull(record, "record");
        }
    }

    record Refusal(StoreRejectCode code, long version, String detail) implements SessionReply {
        public Refusal {
            requireNonNull(code, "code");
            requireNonNull(detail, "detail");
        }
    }

    /**
     * Decodes a reply; a reply that does not have the documented shape, or a record that fails the contract's own
     * invariants, throws {@link IllegalArgumentException} with what is wrong.
     */
    static SessionReply decode(List<Object> reply) {
        requireNonNull(reply, "reply");
        if (reply.isEmpty()) {
            throw new IllegalArgumentException("empty script reply");
        }
        long status = integer(reply, 0);
        if (status == 0) {
            if (reply.size() != 4) {
                throw new IllegalArgumentException("refusal reply has " + reply.size() + " elements, expected 4");
            }
            return new Refusal(StoreRejectCode.valueOf(text(reply, 1)), integer(reply, 2), text(reply, 3));
        }
        if (status != 1 || reply.size() != 4 + FIELD_COUNT) {
            throw new IllegalArgumentException(
                    "success reply has status " + status + " and " + reply.size() + " elements");
        }
        return new Success(record(reply, 4), integer(reply, 1) == 1, integer(reply, 2), integer(reply, 3) == 1);
    }

    private static SessionRecord record(List<Object> reply, int at) {
        var f = new String[FIELD_COUNT];
        for (int i = 0; i < FIELD_COUNT; i++) {
            f[i] = text(reply, at + i);
        }
        if (!FORMAT.equals(f[0])) {
            throw new IllegalArgumentException("record format '" + f[0] + "' is not " + FORMAT);
        }
        return new SessionRecord(
                new SessionId(f[1]),
                AgentPublicKey.fromBase64(f[2]),
                SessionState.valueOf(f[3]),
                Long.parseLong(f[4]),
                new NodeRef(new NodeId(f[5]), Long.parseLong(f[6])),
                Binding.parse(f[7]),
                Long.parseLong(f[8]),
                Long.parseLong(f[9]),
                CommitKind.valueOf(f[10]),
                requests(f[11]),
                Long.parseLong(f[12]),
                Long.parseLong(f[13]),
                Long.parseLong(f[14]),
                f[15],
                f[16].isEmpty() ? Optional.empty() : Optional.of(f[16]));
    }

    /** Parses the {@code rq} field: {@code ;}-separated {@code <request> <node> <epoch> <version> <C|F>}. */
    static List<RequestOutcome> requests(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        var entries = text.split(";");
        var outcomes = new ArrayList<RequestOutcome>(entries.length);
        for (var entry : entries) {
            var parts = entry.split(" ");
            if (parts.length != 5) {
                throw new IllegalArgumentException("bad request outcome '" + entry + "'");
            }
            var kind =
                    switch (parts[4]) {
                        case "C" -> RequestOutcome.Kind.COMMITTED;
                        case "F" -> RequestOutcome.Kind.FENCED;
                        default -> throw new IllegalArgumentException("bad request outcome kind '" + parts[4] + "'");
                    };
            outcomes.add(new RequestOutcome(
                    new RequestId(parts[0]),
                    new NodeRef(new NodeId(parts[1]), Long.parseLong(parts[2])),
                    Long.parseLong(parts[3]),
                    kind));
        }
        return outcomes;
    }

    static long integer(List<Object> reply, int index) {
        return switch (reply.get(index)) {
            case Long value -> value;
            case String value -> Long.parseLong(value);
            case null -> throw new IllegalArgumentException("reply element " + index + " is nil");
            default ->
                throw new IllegalArgumentException("reply element " + index + " is a "
                        + reply.get(index).getClass().getSimpleName());
        };
    }

    static String text(List<Object> reply, int index) {
        return switch (reply.get(index)) {
            case String value -> value;
            case Long value -> Long.toString(value);
            case null -> throw new IllegalArgumentException("reply element " + index + " is nil");
            default ->
                throw new IllegalArgumentException("reply element " + index + " is a "
                        + reply.get(index).getClass().getSimpleName());
        };
    }
}
