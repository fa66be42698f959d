package io.jumpingvpn.gateway.internal.metrics;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.DropReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    private final Timer reattachLatency;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
        this.framesReceived = Counter.builder("jvpn.gateway.frames.received")
                .description("frames received from agents (decoded or not)")
                .register(registry);
        this.bytesReceived = Counter.builder("jvpn.gateway.received.bytes")
                .baseUnit("bytes")
                .description("frame bytes received from agents")
                .register(registry);
        this.framesSent = Counter.builder("jvpn.gateway.frames.sent")
                .description("frames sent to agents")
                .register(registry);
        this.bytesSent = Counter.builder("jvpn.gateway.sent.bytes")
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
        this.reattachLatency = Timer.builder("jvpn.gateway.reattach.duration")
                .description("REATTACH_REQUESTs past the rate limit, from arrival to the answer (ACK or REJECT sent)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** A reattach request answered {@code nanos} after it arrived. */
    public void reattachAnswered(long nanos) {
        reattachLatency.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
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
        count(
                "jvpn.gateway.handshakes",
                "handshakes answered, by result and reject code",
                "result",
                result,
                "code",
                code);
    }

    /** A reattach answered: {@code result} ACCEPTED or REJECTED, with the reject code or NONE. */
    public void reattach(String result, String code) {
        count(
                "jvpn.gateway.reattaches",
                "reattaches answered, by result and reject code",
                "result",
                result,
                "code",
                code);
    }

    /** A request refused by a per-source bucket: {@code kind} HANDSHAKE or REATTACH. */
    public void rateLimited(String kind) {
        count("jvpn.gateway.rate.limited", "requests refused by a per-source bucket", "kind", kind);
    }

    /** A refused request left unanswered because the signed-reject budget was spent. */
    public void unanswered(String kind) {
        count(
                "jvpn.gateway.unanswered",
                "refused requests left unanswered: the signed-reject budget was spent",
                "kind",
                kind);
    }

    public void securityEvent(String kind) {
        count("jvpn.gateway.security.events", "SECURITY_EVENTs raised, by kind", "kind", kind);
    }

    /** A store call: {@code operation} and its {@code outcome} (COMMITTED, REJECTED code, UNKNOWN, ...). */
    public void storeCall(String operation, String outcome) {
        count(
                "jvpn.gateway.store.calls",
                "store calls of the session service, by operation and outcome as the node saw it",
                "operation",
                operation,
                "outcome",
                outcome);
    }

    /** A session's owner changed (node or epoch); {@code cause} as in OWNERSHIP_CHANGE's reason code. */
    public void ownershipChange(String cause) {
        count(
                "jvpn.gateway.ownership.changes",
                "sessions whose owner (node or epoch) changed, by cause",
                "cause",
                cause);
    }

    public void terminated(String code) {
        count("jvpn.gateway.sessions.terminated", "sessions terminated, by termination code", "code", code);
    }

    public void leaseRenewal(String result) {
        count("jvpn.gateway.lease.renewals", "lease renewals and registrations, by result", "result", result);
    }

    private void count(String name, String description, String... tags) {
        Counter.builder(name)
                .description(description)
                .tags(tags)
                .register(registry)
                .increment();
    }
}
