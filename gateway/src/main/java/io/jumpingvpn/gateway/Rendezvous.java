package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.NodeId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;

/**
 * Rendezvous (highest-random-weight) hashing of session ids over a membership list: the owner of a session is the
 * member with the highest weight for it. Every node computes the same owner from the same list without talking to the
 * others, and when a member joins or leaves only the sessions it wins or held change owner (about 1/n of them).
 *
 * <p>The weight is stable across processes, machines and JVM versions (never {@code String.hashCode}): the first 8 bytes
 * of {@code SHA-256("jumping-vpn/1 rendezvous\0" || node id || 0x00 || session id)} (ids as ASCII, big-endian), compared
 * as unsigned numbers; equal weights, which SHA-256 makes practically impossible, go to the smaller node id. A weight
 * costs one SHA-256 of under 160 bytes, so an owner costs one per member.
 */
public final class Rendezvous {

    private static final byte[] LABEL = "jumping-vpn/1 rendezvous\0".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    private Rendezvous() {}

    /** The weight of {@code node} for {@code session}: compare with {@link Long#compareUnsigned}. */
    public static long weight(NodeId node, String session) {
        requireNonNull(node, "node");
        requireNonNull(session, "session");
        var digest = SHA256.get();
        digest.reset();
        digest.update(LABEL);
        digest.update(node.value().getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) 0);
        digest.update(session.getBytes(StandardCharsets.US_ASCII));
        byte[] hash = digest.digest();
        long weight = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            weight = (weight << 8) | (hash[i] & 0xff);
        }
        return weight;
    }

    /**
     * Whether {@code node} owns {@code session} among {@code members} (which must include it): what a birth asks of
     * every id it draws. Stops at the first member that beats {@code node}, which for an id it does not own usually comes
     * within a member or two, so a birth costs about 3n hashes in all rather than n per id tried.
     */
    public static boolean owns(NodeId node, String session, Collection<NodeId> members) {
        requireNonNull(node, "node");
        requireNonNull(members, "members");
        if (!members.contains(node)) {
            return false;
        }
        long own = weight(node, session);
        for (var member : members) {
            if (member.equals(node)) {
                continue;
            }
            int order = Long.compareUnsigned(weight(member, session), own);
            if (order > 0 || (order == 0 && member.value().compareTo(node.value()) < 0)) {
                return false;
            }
        }
        return true;
    }

    /** The member that owns {@code session}: the highest weight, ties to the smaller id. {@code members} non-empty. */
    public static NodeId owner(String session, Collection<NodeId> members) {
        requireNonNull(session, "session");
        requireNonNull(members, "members");
        if (members.isEmpty()) {
            throw new IllegalArgumentException("rendezvous hashing needs at least one member");
        }
        NodeId best = null;
        long bestWeight = 0;
        for (var member : members) {
            long weight = weight(member, session);
            int order = best == null ? 1 : Long.compareUnsigned(weight, bestWeight);
            if (order > 0 || (order == 0 && member.value().compareTo(best.value()) < 0)) {
                best = member;
                bestWeight = weight;
            }
        }
        return best;
    }
}
