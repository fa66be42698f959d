package io.jumpingvpn.agent.testing;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.channel.SecureChannel;
import io.jumpingvpn.protocol.keys.AgentAllowlist;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.state.SessionState;
import io.jumpingvpn.protocol.state.Transition;
import io.jumpingvpn.protocol.wire.StateUpdate;
import java.util.Optional;

/**
 * The one session of the scripted gateways of a test: its version, state, last nonce and current binding (channel and
 * peer). Shared by the scripted gateways that play the nodes of one cluster. Thread-safe.
 */
public final class SessionTable {

    final KeyDirectory.GatewayKeys keys;
    final AgentAllowlist allowlist;
    final Policy policy;
    final String sessionId;

    long version;
    SessionState state;
    long lastNonce;
    private SecureChannel channel;
    private SecureChannel previousChannel;
    private Wire.Peer peer;
    private ScriptedGateway owner;

    public SessionTable(KeyDirectory.GatewayKeys keys, Policy policy, String sessionId) {
        this.keys = requireNonNull(keys, "keys");
        this.allowlist = keys.allowlist();
        this.policy = requireNonNull(policy, "policy");
        this.sessionId = requireNonNull(sessionId, "sessionId");
    }

    public String sessionId() {
        return sessionId;
    }

    synchronized void born(SecureChannel channel, Wire.Peer peer, ScriptedGateway owner) {
        this.version = 1;
        this.state = SessionState.ATTACHED;
        this.channel = channel;
        this.peer = peer;
        this.owner = owner;
    }

    synchronized void rebind(SecureChannel channel, Wire.Peer peer, ScriptedGateway owner, long newVersion) {
        this.previousChannel = this.channel;
        this.channel = channel;
        this.peer = peer;
        this.owner = owner;
        this.version = newVersion;
        this.state = SessionState.ATTACHED;
    }

    /** Commits an agent's proposal made at the current version; empty for a stale one. */
    synchronized Optional<StateUpdate> commitLive(StateUpdate proposal) {
        if (proposal.kind() != StateUpdate.Kind.PROPOSE || proposal.version() != version || proposal.from() != state) {
            return Optional.empty();
        }
        version++;
        state = proposal.to();
        return Optional.of(StateUpdate.commit(Transition.committed(proposal.from(), proposal.event(), state, version)));
    }

    synchronized StateUpdate commitOwn(SessionState from, SessionEvent event, SessionState to) {
        version++;
        state = to;
        return StateUpdate.commit(Transition.committed(from, event, to, version));
    }

    /** Sets the stored version and state, as another node's commits (or a store that lost writes) would. */
    public synchronized void force(long version, SessionState state) {
        this.version = version;
        this.state = state;
    }

    public synchronized long version() {
        return version;
    }

    public synchronized SessionState state() {
        return state;
    }

    public synchronized long lastNonce() {
        return lastNonce;
    }

    synchronized SecureChannel channel() {
        return channel;
    }

    synchronized SecureChannel previousChannel() {
        return previousChannel;
    }

    synchronized Wire.Peer peer() {
        return peer;
    }

    /** The scripted gateway holding the binding. */
    public synchronized ScriptedGateway owner() {
        return owner;
    }
}
