package io.jumpingvpn.gateway.internal.session;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.internal.transport.TcpReturnPath;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops forwarding for a session: swaps its {@link Link} (the data path sees the new one with its next
 * volatile read), opens and closes its egress port, remembers which session a TCP connection carries (so a closed
 * connection is a dead transport at once), lifts and sets the bars of its {@link Gate}, and writes {@code bind} /
 * {@code unbind} history lines exactly when forwarding starts and stops. Lane tasks only.
 */
final class Binder {

    /** The session a TCP connection is bound to. */
    static final AttributeKey<String> SESSION = AttributeKey.valueOf("jvpn.session");

    private static final Logger log = LoggerFactory.getLogger(Binder.class);

    private final Context context;
    private final DataPlane dataPlane;

    Binder(Context context, DataPlane dataPlane) {
        this.context = requireNonNull(context, "context");
        this.dataPlane = requireNonNull(dataPlane, "dataPlane");
    }

    /** Makes sure the session has an egress port; completes on {@code lane} once it has one (or failed to get one). */
    CompletionStage<Void> openEgress(LocalSession session, Executor lane) {
        if (session.egress != null) {
            return CompletableFuture.completedFuture(null);
        }
        return context.egress
                .open(session.wireId, payload -> dataPlane.toAgent(session, payload))
                .handleAsync(
                        (port, failure) -> {
                            if (failure != null) {
                                log.warn(
                                        "session {}: the egress port could not be opened: {}",
                                        session.wireId,
                                        failure.toString());
                                return null;
                            }
                            if (session.gone) {
                                port.close();
                                return null;
                            }
                            session.egress = port;
                            return null;
                        },
                        lane);
    }

    /**
     * Installs {@code link} (a previous link of the session is replaced: a rebinding). It forwards at once if its gate
     * is open, and then the history gets its {@code bind} line; a held gate writes it when the hold ends. A link older
     * than a hand-over notice already received, or committed under an epoch the node lost, is barred at once (see
     * {@link Ownership#fence}, {@link Partition}): the check follows the store of the link, and those threads bar the
     * link they read after recording what they learned, so one of the two always sees the other.
     */
    void bind(LocalSession session, Link link) {
        var previous = session.link;
        long now = context.now();
        if (previous != null) {
            previous.gate().close(() -> history(previous, session, "rebound"));
            forget(previous, session.wireId);
        }
        session.link = link;
        session.lastLink = link;
        session.lastFrameNanos = now;
        // Heartbeat silence and frame silence start at the same instant, so that when their thresholds coincide the
        // dead transport wins, as the state machine's priorities say.
        session.quality = new HeartbeatQuality(context.policy, now);
        session.transportLostAtNanos = -1;
        session.binding = link.path().binding();
        // The first frame forwarded under a new binding is always sampled into the history.
        session.lastForwardMarkNanos = now - DataPlane.FORWARD_SAMPLE_NANOS;
        if (link.path() instanceof TcpReturnPath tcp) {
            tcp.channel().attr(SESSION).set(session.wireId);
        }
        if (link.version() < session.movedAtVersion()) {
            link.gate().close(() -> {});
        }
        if (session.owner != null && context.lostEpoch(session.owner)) {
            link.gate().freeze(() -> {});
        }
        link.gate().ifForwarding(() -> context.history.bind(context.node().epoch(), session.wireId, link.version()));
    }

    /** Ends the hand-over hold of {@code link}: {@code bind} is written, then what the hold kept is forwarded. */
    boolean releaseHold(LocalSession session, Link link) {
        return link.gate()
                .release(
                        () -> context.history.bind(context.node().epoch(), session.wireId, link.version()),
                        payload -> dataPlane.forwardKept(session, link, payload));
    }

    /** Stops forwarding for the session until {@link #thaw}, keeping its link; {@code unbind} if it was forwarding. */
    void freeze(LocalSession session, String reason) {
        var link = session.link;
        if (link != null) {
            link.gate().freeze(() -> history(link, session, reason));
        }
    }

    /** Lifts a freeze; {@code bind} if the session forwards again. */
    void thaw(LocalSession session) {
        var link = session.link;
        if (link != null) {
            link.gate().thaw(() -> context.history.bind(context.node().epoch(), session.wireId, link.version()));
        }
    }

    /** Stops forwarding: no link, egress port closed. {@code lostAtNanos} is when the transport was lost. */
    void unbind(LocalSession session, String reason, long lostAtNanos) {
        var link = session.link;
        if (link != null) {
            session.link = null;
            session.transportLostAtNanos = lostAtNanos;
            forget(link, session.wireId);
            link.gate().close(() -> history(link, session, reason));
        }
        var port = session.egress;
        if (port != null) {
            session.egress = null;
            port.close();
        }
    }

    private void history(Link link, LocalSession session, String reason) {
        context.history.unbind(context.node().epoch(), session.wireId, link.version(), reason);
    }

    private static void forget(Link link, String wireId) {
        if (link.path() instanceof TcpReturnPath tcp) {
            Channel channel = tcp.channel();
            channel.attr(SESSION).compareAndSet(wireId, null);
        }
    }
}
