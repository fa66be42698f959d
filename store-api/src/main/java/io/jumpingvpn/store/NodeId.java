package io.jumpingvpn.store;

/** The configured name of a gateway node. The same name registered again gets a new epoch. */
public record NodeId(String value) {

    public NodeId {
        Identifiers.token(value, "node id");
    }

    @Override
    public String toString() {
        return value;
    }
}
