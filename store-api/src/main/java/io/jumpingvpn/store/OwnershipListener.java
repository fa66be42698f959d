package io.jumpingvpn.store;

/**
 * Receives prompt, best-effort ownership news for one node at one epoch ({@link SessionStore#watch}). Nothing here is
 * needed for safety: a lost {@link Handover} still arrives with the next lease renewal ({@link LeaseRenewal}), and a
 * lost {@link Release} only makes the new owner wait until {@link SessionRecord#handoverUntilMs()}. Messages may
 * arrive more than once across reconnects, and a hand-over may arrive both here and with a renewal: act idempotently.
 *
 * <p>The store calls a listener on a thread of its own, one message at a time per subscription, never inside a
 * commit. A listener may call back into the store; it must not block for long.
 */
public interface OwnershipListener {

    /** A commit took a session away from the watching node at its epoch. */
    void onHandover(Handover handover);

    /** A previous owner stopped forwarding for a session that a commit moved to the watching node at its epoch. */
    void onRelease(Release release);
}
