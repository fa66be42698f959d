package io.jumpingvpn.store;

/**
 * Names one mutation request so that it can be retried idempotently and recognised when replayed. A gateway derives it
 * from the agent's signed request, so the same agent request has the same id at every node.
 */
public record RequestId(String value) {

    public RequestId {
        Identifiers.token(value, "request id");
    }

    @Override
    public String toString() {
        return value;
    }
}
