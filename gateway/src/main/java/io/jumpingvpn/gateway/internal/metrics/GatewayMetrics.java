package io.jumpingvpn.gateway.internal.metrics;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.DropReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** The gateway's meters. Thread-safe; the hot ones are pre-registered fields. */
public final class GatewayMetrics {

    private final MeterRegistry registry;
    private final Counter framesReceived;
    private final Counter bytesReceived;
    private final Counter framesSent;
    private final Counter bytesSent;
    private final Map<DropReason, Counter> decodeDrops = new EnumMap<>(DropReason.class);
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
    private final Counter cookieChallenges;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
        this.framesReceived = Counter.builder("jvpn.gateway.frames.received")
                .description("frames received from agents (decoded or not)")
                .register(registry);
        this.bytesReceived = Counter.builder("jvpn.gateway.bytes.received")
                .baseUnit("bytes")
                .description("frame bytes received from agents")
                .register(registry);
        this.framesSent = Counter.builder("jvpn.gateway.frames.sent")
                .description("frames sent to agents")
                .register(registry);
        this.bytesSent = Counter.builder("jvpn.gateway.bytes.sent")
                .baseUnit("bytes")
                .description("frame bytes sent to agents")
                .register(registry);
        for (var reason : DropReason.values()) {
            decodeDrops.put(
                    reason,
                    Counter.builder("jvpn.gateway.decode.drops")
                            .tag("reason", reason.name())
                            .description("frames that did not decode, by reason")
                            .register(registry));
        }
        for (var refusal : Refusal.values()) {
            refusals.put(
                    refusal,
                    Counter.builder("jvpn.gateway.frames.refused")
                            .tag("reason", refusal.name())
                            .description("decoded frames refused, by reason")
                            .register(registry));
        }
        this.cookieChallenges = Counter.builder("jvpn.gateway.cookie.challenges")
                .description("COOKIE_CHALLENGEs sent to HANDSHAKE_INITs without a valid cookie under load")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void received(int bytes) {
        framesReceived.increment();
        bytesReceived.increment(bytes);
    }

    public void sent(int bytes) {
        framesSent.increment();
        bytesSent.increment(bytes);
    }

    public void decodeDrop(DropReason reason) {
        decodeDrops.get(reason).increment();
    }

    public double decodeDrops(DropReason reason) {
        return decodeDrops.get(reason).count();
    }

    public void refused(Refusal refusal) {
        refusals.get(refusal).increment();
    }

    public double refusals(Refusal refusal) {
        return refusals.get(refusal).count();
    }

    public void cookieChallenge() {
        cookieChallenges.increment();
    }

    /** A handshake answered: {@code result} ACCEPTED or REJECTED, with the reject code or NONE. */
    public void handshake(String result, String code) {
        registry.counter("jvpn.gateway.handshakes", "result", result, "code", code)
                .increment();
    }

    /** A reattach answered: {@code result} ACCEPTED or REJECTED, with the reject code or NONE. */
    public void reattach(String result, String code) {
        registry.counter("jvpn.gateway.reattaches", "result", result, "code", code)
                .increment();
    }

    /** A request refused by a per-source bucket: {@code kind} HANDSHAKE or REATTACH. */
    public void rateLimited(String kind) {
        registry.counter("jvpn.gateway.rate.limited", "kind", kind).increment();
    }

    /** A refused request left unanswered because the signed-reject budget was spent. */
    public void unanswered(String kind) {
        registry.counter("jvpn.gateway.unanswered", "kind", kind).increment();
    }

    public void securityEvent(String kind) {
        registry.counter("jvpn.gateway.security.events", "kind", kind).increment();
    }

    /** A store call: {@code operation} and its {@code outcome} (COMMITTED, REJECTED code, UNKNOWN, ...). */
    public void storeCall(String operation, String outcome) {
        registry.counter("jvpn.gateway.store.calls", "operation", operation, "outcome", outcome)
                .increment();
    }

    public void terminated(String code) {
        registry.counter("jvpn.gateway.sessions.terminated", "code", code).increment();
    }

    public void leaseRenewal(String result) {
        registry.counter("jvpn.gateway.lease.renewals", "result", result).increment();
    }
}
