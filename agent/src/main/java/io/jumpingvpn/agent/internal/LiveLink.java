package io.jumpingvpn.agent.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.internal.quality.LinkQuality;
import io.jumpingvpn.agent.internal.quality.QualityWindow;
import io.jumpingvpn.agent.internal.transport.Endpoints;
import io.jumpingvpn.agent.internal.transport.Transport;
import io.jumpingvpn.protocol.channel.SecureChannel;
import io.jumpingvpn.protocol.state.SessionEvent;
import io.jumpingvpn.protocol.wire.SessionTerms;
import java.util.concurrent.TimeUnit;

/**
 * The attachment the session lives on: one transport, the channel sealing and opening its frames, the heartbeat
 * schedule and the quality window. Loop-confined state of {@link AgentCore}.
 */
final class LiveLink {

    /** At least one {@code accept} history line per session per this much accepted data. */
    static final long ACCEPT_LINE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    final Transport transport;
    final SecureChannel channel;
    final SessionTerms terms;
    final String node;
    final long intervalNanos;
    final long deadAfterNanos;
    final long attachedAtNanos;
    final long sessionEndsAtNanos;
    final QualityWindow window;

    long lastHeardNanos;
    long nextHeartbeatNanos;
    long nextSequence;
    long stableSinceNanos;
    long volatileSinceNanos = -1;

    private SessionEvent proposedEvent;
    private long proposedAtVersion;
    private long proposedAtNanos;
    private long acceptLineAtNanos = Long.MIN_VALUE;
    private boolean acceptLineWritten;

    LiveLink(Transport transport, SecureChannel channel, SessionTerms terms, long lossWindowNanos, long nowNanos) {
        this.transport = requireNonNull(transport, "transport");
        this.channel = requireNonNull(channel, "channel");
        this.terms = requireNonNull(terms, "terms");
        this.node = Endpoints.nodeToken(transport.candidate());
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(terms.heartbeatIntervalMs());
        this.deadAfterNanos = TimeUnit.MILLISECONDS.toNanos(terms.heartbeatVolatileMs());
        this.attachedAtNanos = nowNanos;
        this.sessionEndsAtNanos = nowNanos + TimeUnit.MILLISECONDS.toNanos(terms.sessionRemainingMs());
        // Answers are due one interval after a heartbeat; the window keeps at most a few windows' worth.
        long capacity = Math.max(16, 4 * (lossWindowNanos / Math.max(1, intervalNanos)) + 16);
        this.window = new QualityWindow(lossWindowNanos, intervalNanos, (int) Math.min(4096, capacity));
        this.lastHeardNanos = nowNanos;
        this.nextHeartbeatNanos = nowNanos;
        this.stableSinceNanos = nowNanos;
    }

    int candidateId() {
        return transport.candidateId();
    }

    long attachmentVersion() {
        return channel.attachmentVersion();
    }

    boolean isSilent(long nowNanos) {
        return nowNanos - lastHeardNanos >= deadAfterNanos;
    }

    LinkQuality quality(long nowNanos) {
        return window.evaluate(nowNanos);
    }

    /** How long the link has carried the session without a quality drop; 0 while it is VOLATILE or DEGRADED. */
    long stableNanos(long nowNanos) {
        return volatileSinceNanos >= 0 ? 0 : Math.max(0, nowNanos - stableSinceNanos);
    }

    /**
     * Whether a STATE_UPDATE proposal of {@code event} at {@code confirmedVersion} should leave now: a new proposal at
     * once, the same one again once per heartbeat interval until the gateway commits something.
     */
    boolean shouldPropose(SessionEvent event, long confirmedVersion, long nowNanos) {
        if (event == proposedEvent
                && confirmedVersion == proposedAtVersion
                && nowNanos - proposedAtNanos < intervalNanos) {
            return false;
        }
        proposedEvent = event;
        proposedAtVersion = confirmedVersion;
        proposedAtNanos = nowNanos;
        return true;
    }

    /** Whether an accepted DATA frame should be written to the history ({@link #ACCEPT_LINE_EVERY_NANOS}). */
    boolean shouldRecordAccept(long nowNanos) {
        if (acceptLineWritten && nowNanos - acceptLineAtNanos < ACCEPT_LINE_EVERY_NANOS) {
            return false;
        }
        acceptLineWritten = true;
        acceptLineAtNanos = nowNanos;
        return true;
    }
}
