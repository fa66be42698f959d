package io.jumpingvpn.chaos.history;

import java.util.Optional;

/** The {@code kind} of an operation line: an invoke and its one completion. */
public enum OpType {
    INVOKE("invoke"),
    /** The operation succeeded. */
    OK("ok"),
    /** The operation was refused; carries a reject code. */
    FAIL("fail"),
    /** The outcome is unknown (a timeout, a lost reply): it may or may not have taken effect. */
    INFO("info");

    private final String json;

    OpType(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public boolean isCompletion() {
        return this != INVOKE;
    }

    public static Optional<OpType> fromJson(String value) {
        for (var type : values()) {
            if (type.json.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
