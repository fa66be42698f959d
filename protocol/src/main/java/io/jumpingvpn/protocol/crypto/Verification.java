package io.jumpingvpn.protocol.crypto;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.RejectCode;

/** What a gateway made of an agent request: verified, or refused with the code to answer. */
public sealed interface Verification<T> {

    record Valid<T>(T value) implements Verification<T> {
        public Valid {
            requireNonNull(value, "value");
        }
    }

    /** {@code detail} is for logs and audit events; the agent only gets {@code code}. */
    record Refused<T>(RejectCode code, String detail) implements Verification<T> {
        public Refused {
            requireNonNull(code, "code");
            requireNonNull(detail, "detail");
        }
    }
}
