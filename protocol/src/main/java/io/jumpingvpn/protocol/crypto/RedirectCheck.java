package io.jumpingvpn.protocol.crypto;

/** What an agent made of a REDIRECT. Anything but {@link #VALID} is ignored. */
public enum RedirectCheck {
    VALID,
    /** It names another session. */
    WRONG_SESSION,
    /** It is not signed by the pinned gateway key. */
    BAD_SIGNATURE,
    /** Its timestamp is too far from the agent's clock (a replay, or a badly skewed clock). */
    STALE
}
