package io.jumpingvpn.testkit.redis.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One node's view of a Redis Cluster, parsed from {@code CLUSTER NODES}: one line per node,
 * {@code <id> <ip:port@bus[,hostname]> <flags> <master-id|-> <ping> <pong> <epoch> <link> <slot-or-range>...}.
 */
public record ClusterNodes(List<Node> nodes) {

    public ClusterNodes {
        nodes = List.copyOf(requireNonNull(nodes, "nodes"));
    }

    /** A slot range, both ends included. */
    public record SlotRange(int first, int last) {
        public SlotRange {
            if (first < 0 || last > 16_383 || first > last) {
                throw new IllegalArgumentException("bad slot range " + first + "-" + last);
            }
        }

        public boolean contains(int slot) {
            return slot >= first && slot <= last;
        }
    }

    /**
     * One line of the view.
     *
     * @param masterId the id of the master this node replicates, or empty for a master
     */
    public record Node(String id, int port, Set<String> flags, Optional<String> masterId, List<SlotRange> slots) {
        public Node {
            requireNonNull(id, "id");
            flags = Set.copyOf(flags);
            requireNonNull(masterId, "masterId");
            slots = List.copyOf(slots);
        }

        public boolean isMaster() {
            return flags.contains("master");
        }

        public boolean isReplica() {
            return flags.contains("slave");
        }

        /** Failing, suspected, still in handshake, or without an address: not a settled member. */
        public boolean isTroubled() {
            return flags.contains("fail")
                    || flags.contains("fail?")
                    || flags.contains("handshake")
                    || flags.contains("noaddr");
        }

        public boolean servesSlot(int slot) {
            return slots.stream().anyMatch(range -> range.contains(slot));
        }
    }

    public static ClusterNodes parse(String text) {
        List<Node> nodes = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (!line.isBlank()) {
                nodes.add(parseLine(line.strip()));
            }
        }
        return new ClusterNodes(nodes);
    }

    public Optional<Node> byId(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** The master (not failing) that serves {@code slot}. */
    public Optional<Node> masterFor(int slot) {
        return nodes.stream()
                .filter(n -> n.isMaster() && !n.flags().contains("fail") && n.servesSlot(slot))
                .findFirst();
    }

    private static Node parseLine(String line) {
        String[] fields = line.split(" ");
        if (fields.length < 8) {
            throw new IllegalArgumentException("CLUSTER NODES line has " + fields.length + " fields: " + line);
        }
        String address = fields[1];
        int at = address.indexOf('@');
        String hostPort = at < 0 ? address : address.substring(0, at);
        int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        Set<String> flags = new HashSet<>(Arrays.asList(fields[2].split(",")));
        Optional<String> masterId = fields[3].equals("-") ? Optional.empty() : Optional.of(fields[3]);
        List<SlotRange> slots = new ArrayList<>();
        for (int i = 8; i < fields.length; i++) {
            String slot = fields[i];
            if (slot.startsWith("[")) {
                continue; // a slot being imported or migrated: not served by this node yet
            }
            int dash = slot.indexOf('-');
            slots.add(
                    dash < 0
                            ? new SlotRange(Integer.parseInt(slot), Integer.parseInt(slot))
                            : new SlotRange(
                                    Integer.parseInt(slot.substring(0, dash)),
                                    Integer.parseInt(slot.substring(dash + 1))));
        }
        return new Node(fields[0], port, flags, masterId, slots);
    }
}
