package io.jumpingvpn.deploy.bench.cluster.reattach;

/** Where a round's reattach requests go. */
enum Placement {
    /** One request, at the node that owns the session (a NAT rebinding: the owner does not change). */
    OWNER("owner"),
    /** One request, at the next node after the owner (the session moves every time: a hand-over per reattach). */
    NEXT("next-node"),
    /** One request per contender, at that many nodes at once, the same expected version: one must win. */
    RACE("race");

    private final String label;

    Placement(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
