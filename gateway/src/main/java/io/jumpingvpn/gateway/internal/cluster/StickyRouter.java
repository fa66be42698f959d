package io.jumpingvpn.gateway.internal.cluster;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.ClusterMember;
import io.jumpingvpn.gateway.MonotonicClock;
import io.jumpingvpn.gateway.Rendezvous;
import io.jumpingvpn.gateway.internal.session.SessionRouter;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.SessionId;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sticky routing's view of the cluster: the current membership list (replaced whole at run time), the rendezvous owner
 * of a session under it, and the births this node may give. Thread-safe: the list is one volatile snapshot.
 */
public final class StickyRouter implements SessionRouter {

    /** Ids tried per birth before giving up, per member: failing is about e^-32 likely. */
    private static final int TRIES_PER_MEMBER = 32;

    /** A list in force since {@code changedAtNanos}; {@code previous} is the one it replaced (empty: the start). */
    private record Membership(
            List<ClusterMember> members, List<NodeId> ids, Optional<List<NodeId>> previous, long changedAtNanos) {}

    private final NodeId self;
    private final MonotonicClock clock;
    private final long settleNanos;
    private volatile Membership current;

    /**
     * @param settle how long after the start, or a change, a session unknown here may still be on its way
     */
    public StickyRouter(NodeId self, List<ClusterMember> members, MonotonicClock clock, Duration settle) {
        this.self = requireNonNull(self, "self");
        this.clock = requireNonNull(clock, "clock");
        this.settleNanos = requireNonNull(settle, "settle").toNanos();
        this.current = membership(members, Optional.empty());
    }

    private Membership membership(List<ClusterMember> members, Optional<List<NodeId>> previous) {
        requireNonNull(members, "members");
        if (members.isEmpty()) {
            throw new IllegalArgumentException("sticky routing needs at least one member");
        }
        var ids = members.stream().map(ClusterMember::node).toList();
        if (new HashSet<>(ids).size() != ids.size()) {
            throw new IllegalArgumentException("a node is listed twice in " + ids);
        }
        return new Membership(List.copyOf(members), ids, previous, clock.nanoTime());
    }

    public List<ClusterMember> members() {
        return current.members();
    }

    /** Routes by {@code members} from now on. */
    public synchronized void update(List<ClusterMember> members) {
        current = membership(members, Optional.of(current.ids()));
    }

    /** The node id of this node. */
    public NodeId self() {
        return self;
    }

    @Override
    public boolean sticky() {
        return true;
    }

    @Override
    public Optional<ClusterMember> ownerElsewhere(String session) {
        var membership = current;
        var owner = Rendezvous.owner(session, membership.ids());
        if (owner.equals(self)) {
            return Optional.empty();
        }
        return membership.members().stream().filter(m -> m.node().equals(owner)).findFirst();
    }

    /**
     * Draws ids until this node is the owner: about n tries for n members, each stopped at the first member that beats
     * this node. Empty when this node is not a member (it is leaving) or, with odds of about e^-32, no id came up.
     */
    @Override
    public Optional<SessionId> newSessionId(Supplier<SessionId> fresh) {
        var ids = current.ids();
        if (!ids.contains(self)) {
            return Optional.empty();
        }
        int tries = TRIES_PER_MEMBER * ids.size();
        for (int i = 0; i < tries; i++) {
            var id = fresh.get();
            if (Rendezvous.owns(self, id.value(), ids)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /**
     * Within the settle window after the start, any session may be on its way (this node cannot know what the others
     * will hand it). After a change, only one whose previous owner was another node that is still a member: a member
     * that left the list is either gone with its records (a lost node: the answer is SESSION_NOT_FOUND at once) or
     * handed them over before it was removed (the order docs/cluster.md asks for).
     */
    @Override
    public boolean settling(String session, long nowNanos) {
        var membership = current;
        if (nowNanos - membership.changedAtNanos() >= settleNanos) {
            return false;
        }
        if (membership.previous().isEmpty()) {
            return true;
        }
        var before = membership.previous().get();
        var previousOwner = Rendezvous.owner(session, before);
        return !previousOwner.equals(self) && membership.ids().contains(previousOwner);
    }
}
