package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.SessionId;
import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of one session as this node holds it, for tests and operators.
 *
 * @param state the node's view, transitions detected locally (not yet committed) included
 * @param version the last version this node knows committed in the store
 * @param binding the transport the node forwards over; empty while the session has none (RECOVERING)
 * @param owner the owner the node's last commit named
 * @param age time since the node first saw the session (its birth here, or the reattach that brought it)
 * @param transportless how long the session has been without a transport, when it has none
 * @param attachment the attachment version of its current binding here (the version its DATA frames carry), 0 when
 *     it has none
 * @param forwarding whether the node forwards DATA for it at this instant: bound, neither held for a hand-over nor
 *     frozen nor taken over, and the node's lease proven
 */
public record SessionView(
        SessionId id,
        SessionState state,
        long version,
        Optional<Binding> binding,
        NodeRef owner,
        Duration age,
        Optional<Duration> transportless,
        long attachment,
        boolean forwarding) {

    public SessionView {
        requireNonNull(id, "id");
        requireNonNull(state, "state");
        requireNonNull(binding, "binding");
        requireNonNull(owner, "owner");
        requireNonNull(age, "age");
        requireNonNull(transportless, "transportless");
        if (attachment < 0) {
            throw new IllegalArgumentException("attachment must be >= 0, got " + attachment);
        }
    }
}
