package io.jumpingvpn.store.redis.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.Handover;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.Release;
import io.jumpingvpn.store.SessionId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The text forms of hand-overs and releases, as the scripts write them (see {@code lib.lua}) and as they travel on the
 * pub/sub channels:
 *
 * <ul>
 *   <li>a queued hand-over, in the lease slot's {@code h:<node>:<epoch>} list (entries separated by {@code ;}):
 *       {@code <sid> <version> <KIND>[ <new owner node> <new owner epoch>]};
 *   <li>on {@code <prefix>:handover:<node>}: {@code <displaced epoch> <entry>};
 *   <li>on {@code <prefix>:release:<new owner node>}: {@code <new owner epoch> <sid> <version> <node> <epoch>} naming
 *       the node that released.
 * </ul>
 *
 * Every value is a token or a number, so a single space separates them.
 */
final class HandoverText {

    private HandoverText() {}

    static String handoverChannel(String prefix, NodeId node) {
        return prefix + ":handover:" + node.value();
    }

    static String releaseChannel(String prefix, NodeId node) {
        return prefix + ":release:" + node.value();
    }

    /** The hand-overs of a queued list for {@code from}; empty text is none. */
    static List<Handover> entries(String text, NodeRef from) {
        if (text.isEmpty()) {
            return List.of();
        }
        var handovers = new ArrayList<Handover>();
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf(';', start);
            if (end < 0) {
                end = text.length();
            }
            handovers.add(entry(text.substring(start, end), from));
            start = end + 1;
        }
        return handovers;
    }

    /** {@code <sid> <version>}: what identifies a queued hand-over when a renewal acknowledges it. */
    static String ackOf(Handover handover) {
        return handover.session().value() + " " + handover.version();
    }

    /** The hand-over published for {@code self}'s node id, if it was for {@code self}'s epoch. */
    static Optional<Handover> handoverMessage(String message, NodeRef self) {
        int space = message.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("bad hand-over message '" + message + "'");
        }
        if (Long.parseLong(message, 0, space, 10) != self.epoch()) {
            return Optional.empty();
        }
        return Optional.of(entry(message.substring(space + 1), self));
    }

    static String releaseMessage(Release release) {
        return release.to().epoch() + " " + release.session().value() + " " + release.version() + " "
                + release.releasedBy().node().value() + " "
                + release.releasedBy().epoch();
    }

    /** The release published for {@code self}'s node id, if it was for {@code self}'s epoch. */
    static Optional<Release> releaseMessage(String message, NodeRef self) {
        var parts = message.split(" ", -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException("bad release message '" + message + "'");
        }
        if (Long.parseLong(parts[0]) != self.epoch()) {
            return Optional.empty();
        }
        return Optional.of(new Release(
                new SessionId(parts[1]),
                Long.parseLong(parts[2]),
                new NodeRef(new NodeId(parts[3]), Long.parseLong(parts[4])),
                self));
    }

    private static Handover entry(String entry, NodeRef from) {
        requireNonNull(from, "from");
        var parts = entry.split(" ", -1);
        if (parts.length != 3 && parts.length != 5) {
            throw new IllegalArgumentException("bad hand-over entry '" + entry + "'");
        }
        var to = parts.length == 5
                ? Optional.of(new NodeRef(new NodeId(parts[3]), Long.parseLong(parts[4])))
                : Optional.<NodeRef>empty();
        return new Handover(new SessionId(parts[0]), Long.parseLong(parts[1]), from, to, CommitKind.valueOf(parts[2]));
    }
}
