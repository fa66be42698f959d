package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.AgentPublicKey;
import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import java.time.Duration;

/**
 * A session on its way from one node to another under sticky routing: only public material of its record (the agent's
 * public key, state, versions, the last accepted nonce, the binding it had, its age and remaining lifetime), never a
 * secret: the target serves the agent's next reattach from it like any node serves a reattach from a record.
 *
 * @param from the node handing it over, at its epoch in its own store
 * @param request names this hand-over; the same one again is answered with the import already made
 */
public record SessionHandoff(
        SessionId id,
        AgentPublicKey agentKey,
        SessionState state,
        long version,
        long baseVersion,
        long lastNonce,
        Binding binding,
        String policyRef,
        Duration age,
        Duration remainingLifetime,
        NodeRef from,
        RequestId request) {

    public SessionHandoff {
        requireNonNull(id, "id");
        requireNonNull(agentKey, "agentKey");
        requireNonNull(state, "state");
        requireNonNull(binding, "binding");
        requireNonNull(policyRef, "policyRef");
        requireNonNull(age, "age");
        requireNonNull(remainingLifetime, "remainingLifetime");
        requireNonNull(from, "from");
        requireNonNull(request, "request");
        if (state == SessionState.BIRTH || state.isFinal()) {
            throw new IllegalArgumentException("only a live session is handed over, not one in " + state);
        }
        if (version < 1 || baseVersion < 0 || baseVersion >= version) {
            throw new IllegalArgumentException(
                    "versions must satisfy 0 <= baseVersion < version, got " + baseVersion + " and " + version);
        }
        if (lastNonce < 0 || age.isNegative() || remainingLifetime.isNegative() || remainingLifetime.isZero()) {
            throw new IllegalArgumentException("a hand-over needs lastNonce >= 0, age >= 0 and lifetime left");
        }
    }

    /** The hand-over of {@code record}, read at store time {@code storeNowMs}, by {@code from}. */
    public static SessionHandoff of(SessionRecord record, long storeNowMs, NodeRef from, RequestId request) {
        requireNonNull(record, "record");
        return new SessionHandoff(
                record.id(),
                record.agentKey(),
                record.state(),
                record.version(),
                record.baseVersion(),
                record.lastNonce(),
                record.binding(),
                record.policyRef(),
                Duration.ofMillis(Math.max(0, storeNowMs - record.createdAtMs())),
                Duration.ofMillis(Math.max(1, record.expiresAtMs() - storeNowMs)),
                from,
                request);
    }
}
