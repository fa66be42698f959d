package io.jumpingvpn.store;

/**
 * The stable identity of a session. It outlives every transport and every owner, and is never reused: a new session
 * gets a new id. Stores hand out ids that fit their key layout ({@link SessionStore#newSessionId()}).
 */
public record SessionId(String value) {

    public SessionId {
        Identifiers.token(value, "session id");
    }

    @Override
    public String toString() {
        return value;
    }
}
