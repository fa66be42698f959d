package io.jumpingvpn.chaos.history;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A line of {@code nodes/<node>.jsonl}, written by the gateway node itself.
 *
 * <p>Required besides the common fields: {@code session} and {@code version} for bind, forward and version;
 * {@code session} for unbind; {@code validUntilMonoNs} for lease.
 *
 * @param epoch the node epoch the node registered under
 * @param reason why an unbind happened
 * @param validUntilMonoNs for a lease: until when (this host's CLOCK_MONOTONIC) the node may forward without renewing
 */
public record NodeEvent(
        long monoNs,
        String node,
        long epoch,
        NodeEventType event,
        Optional<String> session,
        OptionalLong version,
        Optional<String> reason,
        OptionalLong validUntilMonoNs) {

    public NodeEvent {
        Text.nonNegative(monoNs, "mono_ns");
        Text.token(node, "node");
        Text.nonNegative(epoch, "epoch");
        requireNonNull(event, "event");
        requireNonNull(session, "session").ifPresent(value -> Text.token(value, "session"));
        requireNonNull(version, "version").ifPresent(value -> Text.nonNegative(value, "version"));
        requireNonNull(reason, "reason").ifPresent(value -> Text.free(value, "reason"));
        requireNonNull(validUntilMonoNs, "validUntilMonoNs")
                .ifPresent(value -> Text.nonNegative(value, "valid_until_mono_ns"));
        switch (event) {
            case BIND, FORWARD, VERSION -> {
                require(session.isPresent(), event, "session");
                require(version.isPresent(), event, "version");
            }
            case UNBIND -> require(session.isPresent(), event, "session");
            case LEASE -> require(validUntilMonoNs.isPresent(), event, "valid_until_mono_ns");
        }
    }

    private static void require(boolean present, NodeEventType event, String field) {
        if (!present) {
            throw new IllegalArgumentException("a " + event.json() + " event needs " + field);
        }
    }

    public static NodeEvent bind(long monoNs, String node, long epoch, String session, long version) {
        return sessionEvent(
                monoNs, node, epoch, NodeEventType.BIND, session, OptionalLong.of(version), Optional.empty());
    }

    public static NodeEvent unbind(long monoNs, String node, long epoch, String session, long version, String reason) {
        return sessionEvent(
                monoNs, node, epoch, NodeEventType.UNBIND, session, OptionalLong.of(version), Optional.of(reason));
    }

    public static NodeEvent forward(long monoNs, String node, long epoch, String session, long version) {
        return sessionEvent(
                monoNs, node, epoch, NodeEventType.FORWARD, session, OptionalLong.of(version), Optional.empty());
    }

    public static NodeEvent version(long monoNs, String node, long epoch, String session, long version) {
        return sessionEvent(
                monoNs, node, epoch, NodeEventType.VERSION, session, OptionalLong.of(version), Optional.empty());
    }

    public static NodeEvent lease(long monoNs, String node, long epoch, long validUntilMonoNs) {
        return new NodeEvent(
                monoNs,
                node,
                epoch,
                NodeEventType.LEASE,
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                OptionalLong.of(validUntilMonoNs));
    }

    private static NodeEvent sessionEvent(
            long monoNs,
            String node,
            long epoch,
            NodeEventType event,
            String session,
            OptionalLong version,
            Optional<String> reason) {
        return new NodeEvent(monoNs, node, epoch, event, Optional.of(session), version, reason, OptionalLong.empty());
    }
}
