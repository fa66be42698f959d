package io.jumpingvpn.chaos.workload;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.channel.SecureChannel;
import io.jumpingvpn.protocol.crypto.Attachment;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.Heartbeat;
import java.util.ArrayList;
import java.util.List;

/**
 * A racer's session as the racer knows it: the versions it confirmed and saw, the nonces it used, the attachment it
 * lives on, and the attachments it left, which it keeps sending data over for a while (stale probes). One racer thread
 * owns it.
 */
final class RacerSession {

    /** An attachment the racer holds: its socket, its keys, its version. */
    static final class Held {
        final RawLink link;
        final SecureChannel channel;
        final long version;
        long heartbeats;
        long expiresAt;

        Held(RawLink link, Attachment attachment) {
            this.link = requireNonNull(link, "link");
            this.channel = SecureChannel.of(attachment, attachment.terms().replayWindow());
            this.version = attachment.version();
        }
    }

    final String id;
    long confirmed;
    long highest;
    long nonce;
    Held live;
    final List<Held> left = new ArrayList<>();

    RacerSession(String id, Held live) {
        this.id = requireNonNull(id, "id");
        this.live = requireNonNull(live, "live");
        this.confirmed = live.version;
        this.highest = live.version;
    }

    /** A heartbeat over the live attachment, carrying the confirmed version. */
    void heartbeat(long nowNanos) {
        live.link.send(live.channel.seal(new Heartbeat(live.heartbeats++, nowNanos / 1_000, confirmed)));
    }

    /** One datagram over the live attachment and over every attachment left and not yet expired. */
    void data(long nowNanos) {
        var payload = Data.of(new byte[] {(byte) nowNanos});
        live.link.send(live.channel.seal(payload));
        left.removeIf(held -> {
            if (nowNanos - held.expiresAt >= 0) {
                held.link.close();
                return true;
            }
            held.link.send(held.channel.seal(payload));
            return false;
        });
    }

    /** The live attachment is left (kept as a stale probe until {@code expiresAt}); {@code next} is the new one. */
    void move(Held next, long expiresAt) {
        live.expiresAt = expiresAt;
        left.add(live);
        live = next;
        confirmed = next.version;
        highest = Math.max(highest, confirmed);
    }

    /** Another winner of the same race: held as a stale probe too. */
    void keepAsLeft(Held other, long expiresAt) {
        other.expiresAt = expiresAt;
        left.add(other);
    }

    void close() {
        live.link.close();
        left.forEach(held -> held.link.close());
        left.clear();
    }
}
