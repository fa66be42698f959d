package io.jumpingvpn.gateway;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.NodeId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * How a node takes part in a cluster on a shared store (docs/cluster.md). Immutable; {@link #DEFAULT} and the
 * {@code with...} copies.
 *
 * @param members the static membership list: every node of the cluster with the endpoints agents reach it at (this
 *     node may be listed too). Needed to send an agent elsewhere (drain, migration); empty on a single node
 * @param partitionPolicy what happens to the sessions when the node can no longer prove its lease
 * @param holdFrames upstream DATA frames a session keeps while it waits for its previous owner to stop forwarding
 *     (a hand-over); beyond that they are dropped and counted. 0..4096
 * @param routing shared store (the default) or sticky routing; sticky needs the membership list with this node in it
 *     and a store local to the node (docs/cluster.md, "Sticky routing")
 * @param importer how sticky routing hands a session to another member (its admin API); without one, sessions stay
 *     where they are when the membership changes
 */
public record ClusterSettings(
        List<ClusterMember> members,
        PartitionPolicy partitionPolicy,
        int holdFrames,
        Routing routing,
        Optional<SessionImporter> importer) {

    public static final ClusterSettings DEFAULT =
            new ClusterSettings(List.of(), PartitionPolicy.DENY, 64, Routing.SHARED, Optional.empty());

    public ClusterSettings {
        if (members == null) {
            throw new InvalidGatewayConfigException("members", "is required (may be empty)");
        }
        members = List.copyOf(members);
        var ids = new HashSet<NodeId>();
        for (var member : members) {
            if (!ids.add(member.node())) {
                throw new InvalidGatewayConfigException("members", "node " + member.node() + " is listed twice");
            }
        }
        if (partitionPolicy == null) {
            throw new InvalidGatewayConfigException("partitionPolicy", "is required (deny or terminate)");
        }
        if (holdFrames < 0 || holdFrames > 4096) {
            throw new InvalidGatewayConfigException("holdFrames", holdFrames + " is outside 0..4096");
        }
        if (routing == null) {
            throw new InvalidGatewayConfigException("routing", "is required (shared or sticky)");
        }
        if (routing == Routing.STICKY && members.isEmpty()) {
            throw new InvalidGatewayConfigException(
                    "members", "sticky routing hashes sessions over the membership list, which is empty");
        }
        requireNonNull(importer, "importer");
    }

    /**
     * Parses a membership list: members separated by {@code ,}, each {@code ID=udp://HOST:PORT;tcp://HOST:PORT}. Empty
     * text is an empty list.
     */
    public static List<ClusterMember> parseMembers(String text) {
        requireNonNull(text, "text");
        var members = new ArrayList<ClusterMember>();
        for (var part : text.split(",")) {
            if (!part.isBlank()) {
                members.add(ClusterMember.parse(part.strip()));
            }
        }
        return List.copyOf(members);
    }

    public ClusterSettings withMembers(List<ClusterMember> members) {
        return new ClusterSettings(members, partitionPolicy, holdFrames, routing, importer);
    }

    public ClusterSettings withPartitionPolicy(PartitionPolicy partitionPolicy) {
        return new ClusterSettings(members, partitionPolicy, holdFrames, routing, importer);
    }

    public ClusterSettings withHoldFrames(int holdFrames) {
        return new ClusterSettings(members, partitionPolicy, holdFrames, routing, importer);
    }

    /** Sticky routing needs the members first (set them with {@link #withMembers} before this). */
    public ClusterSettings withRouting(Routing routing) {
        return new ClusterSettings(members, partitionPolicy, holdFrames, routing, importer);
    }

    public ClusterSettings withImporter(SessionImporter importer) {
        return new ClusterSettings(
                members, partitionPolicy, holdFrames, routing, Optional.of(requireNonNull(importer, "importer")));
    }

    /** The member named {@code node}, if listed. */
    public Optional<ClusterMember> member(NodeId node) {
        requireNonNull(node, "node");
        return members.stream().filter(m -> m.node().equals(node)).findFirst();
    }
}
