package io.jumpingvpn.gateway.internal.session;

import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.util.Optional;

/**
 * Where a draining node sends agents instead of serving them: the next live peer (spread across them), at an endpoint of
 * the transport the agent used if the peer has one. Empty when no peer is left. Thread-safe.
 */
public interface Redirector {

    Optional<Candidate> next(TransportKind kind);
}
