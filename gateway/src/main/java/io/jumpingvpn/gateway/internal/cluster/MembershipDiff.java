package io.jumpingvpn.gateway.internal.cluster;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.Rendezvous;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.SessionId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which sessions a node must hand over when the membership list changes, and to whom. Pure. */
final class MembershipDiff {

    private MembershipDiff() {}

    /**
     * The sessions of {@code held} whose rendezvous owner under {@code members} is not {@code self}, each with that
     * owner, in the order given. All of them when {@code self} is not a member (it is leaving).
     */
    static Map<SessionId, NodeId> moves(Collection<SessionId> held, List<NodeId> members, NodeId self) {
        requireNonNull(held, "held");
        requireNonNull(members, "members");
        requireNonNull(self, "self");
        var moves = new LinkedHashMap<SessionId, NodeId>();
        if (members.isEmpty()) {
            return moves;
        }
        for (var id : held) {
            var owner = Rendezvous.owner(id.value(), members);
            if (!owner.equals(self)) {
                moves.put(id, owner);
            }
        }
        return moves;
    }
}
