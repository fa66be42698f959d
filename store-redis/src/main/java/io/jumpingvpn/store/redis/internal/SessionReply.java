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
import java.util.List;
import java.util.Optional;

/**
 * The reply of a session script, decoded. The shape is fixed by {@code lib.lua}: one string of values separated by
 * {@link #SEPARATOR}, so that the client decodes one bulk reply rather than an array of 23. Success is
 * {@code 1, retried, now, ownerAlive, <19 record fields>}, refusal is {@code 0, code, version or -1, detail}; the detail
 * comes last and is the rest of the string.
 *
 * <p>{@link #integer} and {@link #text} read the array replies of the node scripts.
 */
public sealed interface SessionReply {

    /** The record format this code reads and writes (field {@code fv}). */
    String FORMAT = "1";

    int FIELD_COUNT = 19;

    /** Separates the values of a session script's reply; no record field can contain it (the scripts check). */
    char SEPARATOR = '\n';

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
    static SessionReply decode(String reply) {
        requireNonNull(reply, "reply");
        var values = new ReplyText(reply);
        var status = values.next();
        if (status.equals("0")) {
            var code = StoreRejectCode.valueOf(values.next());
            long version = values.nextLong();
            return new Refusal(code, version, values.rest());
        }
        if (!status.equals("1")) {
            throw new IllegalArgumentException("script reply status '" + status + "' is neither 0 nor 1");
        }
        boolean retried = values.nextFlag();
        long now = values.nextLong();
        boolean ownerAlive = values.nextFlag();
        var record = record(values);
        if (!values.atEnd()) {
            throw new IllegalArgumentException("success reply has more than " + (4 + FIELD_COUNT) + " values");
        }
        return new Success(record, retried, now, ownerAlive);
    }

    /** The 19 record fields, in the order of {@code FIELDS} in {@code lib.lua}. */
    private static SessionRecord record(ReplyText values) {
        var format = values.next();
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("record format '" + format + "' is not " + FORMAT);
        }
        var id = new SessionId(values.next());
        var key = AgentPublicKey.fromBase64(values.next());
        var state = SessionState.valueOf(values.next());
        long version = values.nextLong();
        var owner = new NodeRef(new NodeId(values.next()), values.nextLong());
        var binding = Binding.parse(values.next());
        long nonce = values.nextLong();
        long baseVersion = values.nextLong();
        var lastCommit = CommitKind.valueOf(values.next());
        var requests = requests(values.next());
        long created = values.nextLong();
        long updated = values.nextLong();
        long expires = values.nextLong();
        var policy = values.next();
        var reason = values.next();
        var previousOwner = nodeRef(values.next());
        long handoverUntil = values.nextLong();
        return new SessionRecord(
                id,
                key,
                state,
                version,
                owner,
                binding,
                nonce,
                baseVersion,
                lastCommit,
                requests,
                created,
                updated,
                expires,
                policy,
                reason.isEmpty() ? Optional.empty() : Optional.of(reason),
                previousOwner,
                handoverUntil);
    }

    /** Parses {@code <node>:<epoch>} ({@code po}); empty text is no node. */
    static Optional<NodeRef> nodeRef(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("bad node reference '" + text + "'");
        }
        return Optional.of(
                new NodeRef(new NodeId(text.substring(0, colon)), Long.parseLong(text, colon + 1, text.length(), 10)));
    }

    /** Parses the {@code rq} field: {@code ;}-separated {@code <request> <node> <epoch> <version> <C|F>}. */
    static List<RequestOutcome> requests(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        int count = 1;
        for (int i = text.indexOf(';'); i >= 0; i = text.indexOf(';', i + 1)) {
            count++;
        }
        var outcomes = new RequestOutcome[count];
        int start = 0;
        for (int n = 0; n < count; n++) {
            int end = text.indexOf(';', start);
            if (end < 0) {
                end = text.length();
            }
            outcomes[n] = outcome(text, start, end);
            start = end + 1;
        }
        return List.of(outcomes);
    }

    private static RequestOutcome outcome(String text, int start, int end) {
        int node = text.indexOf(' ', start) + 1;
        int epoch = node > 0 && node < end ? text.indexOf(' ', node) + 1 : 0;
        int version = epoch > 0 && epoch < end ? text.indexOf(' ', epoch) + 1 : 0;
        int kind = version > 0 && version < end ? text.indexOf(' ', version) + 1 : 0;
        if (kind <= 0 || kind != end - 1) {
            throw new IllegalArgumentException("bad request outcome '" + text.substring(start, end) + "'");
        }
        var outcomeKind =
                switch (text.charAt(kind)) {
                    case 'C' -> RequestOutcome.Kind.COMMITTED;
                    case 'F' -> RequestOutcome.Kind.FENCED;
                    default ->
                        throw new IllegalArgumentException("bad request outcome kind '" + text.charAt(kind) + "'");
                };
        try {
            return new RequestOutcome(
                    new RequestId(text.substring(start, node - 1)),
                    new NodeRef(
                            new NodeId(text.substring(node, epoch - 1)), Long.parseLong(text, epoch, version - 1, 10)),
                    Long.parseLong(text, version, kind - 1, 10),
                    outcomeKind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "bad request outcome '" + text.substring(start, end) + "': " + e.getMessage(), e);
        }
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
