package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.lease.LeaseProof;
import io.jumpingvpn.gateway.internal.metrics.Refusal;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.WireFormat;
import java.nio.ByteBuffer;

/**
 * The data path, run on whatever event loop a frame or a reply arrives on, without entering the session's lane: it
 * reads the session's current {@link Link} (one volatile read) and the lease proof (one more), and moves bytes.
 * Towards the agent a reply is sealed straight into a pooled buffer with {@code sealData} (no intermediate copy).
 *
 * <p>A node that cannot prove its lease forwards nothing, in either direction, and neither does a link whose
 * {@link Gate} is barred (a hand-over hold, a freeze, a session taken over). While forwarding, the node history gets
 * at most one {@code forward} line per session per 100 ms.
 */
final class DataPlane {

    static final long FORWARD_SAMPLE_NANOS = 100_000_000L;

    private final Context context;
    private final LeaseProof proof;

    DataPlane(Context context) {
        this.context = requireNonNull(context, "context");
        this.proof = context.lease.proof();
    }

    /**
     * An authentic DATA frame of {@code link}: hand its payload to the session's egress, unless the link's gate bars it
     * (then it is kept while a hand-over holds the session, else dropped).
     */
    void toEgress(LocalSession session, Link link, Data data) {
        if (!proof.isValid()) {
            context.metrics.refused(Refusal.LEASE_UNPROVEN);
            return;
        }
        var gate = link.gate();
        if (!gate.forwarding()) {
            switch (gate.offer(data.payload())) {
                case KEPT -> {
                    return;
                }
                case DROPPED -> {
                    context.metrics.refused(Refusal.BARRED);
                    return;
                }
                case FORWARD -> {}
            }
        }
        send(session, link, data.payload());
    }

    /** A payload a hold kept, now that the hold ended: forwarded like a fresh one (the lease proof still rules). */
    void forwardKept(LocalSession session, Link link, ByteBuffer payload) {
        if (!proof.isValid()) {
            context.metrics.refused(Refusal.LEASE_UNPROVEN);
            return;
        }
        send(session, link, payload);
    }

    private void send(LocalSession session, Link link, ByteBuffer payload) {
        var port = session.egress;
        if (port == null || !port.send(payload)) {
            context.metrics.refused(Refusal.EGRESS_UNAVAILABLE);
            return;
        }
        sampleForward(session, link);
    }

    /** A reply from the session's egress: seal it for the agent and send it over the bound path. */
    void toAgent(LocalSession session, ByteBuffer payload) {
        var link = session.link;
        if (link == null) {
            context.metrics.refused(Refusal.NOT_BOUND);
            return;
        }
        if (!proof.isValid()) {
            context.metrics.refused(Refusal.LEASE_UNPROVEN);
            return;
        }
        if (!link.gate().mayReachAgent()) {
            context.metrics.refused(Refusal.BARRED);
            return;
        }
        if (payload.remaining() > WireFormat.MAX_DATA_PAYLOAD) {
            context.metrics.refused(Refusal.EGRESS_UNAVAILABLE);
            return;
        }
        var path = link.path();
        if (!path.isWritable()) {
            context.metrics.refused(Refusal.BACKPRESSURE);
            return;
        }
        int length = link.channel().sealedLength(payload.remaining());
        var buffer = path.alloc().directBuffer(length);
        try {
            link.channel().sealData(payload, buffer.nioBuffer(0, length));
            buffer.writerIndex(length);
        } catch (RuntimeException e) {
            buffer.release();
            context.metrics.refused(Refusal.INTERNAL_ERROR);
            return;
        }
        path.send(buffer);
        context.metrics.sent(length);
        sampleForward(session, link);
    }

    private void sampleForward(LocalSession session, Link link) {
        var history = context.history;
        if (!history.enabled()) {
            return;
        }
        long now = context.now();
        if (now - session.lastForwardMarkNanos >= FORWARD_SAMPLE_NANOS) {
            session.lastForwardMarkNanos = now;
            history.forward(now, context.node().epoch(), session.wireId, link.version());
        }
    }
}
