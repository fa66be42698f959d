package io.jumpingvpn.chaos.node;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The test-only unsafe modes a chaos run can point its nodes at, to prove that the checker sees the bugs the real rules
 * prevent (docs/chaos.md, "Proof that it can see a bug"). Reachable only through {@link ChaosNode}.
 */
public enum UnsafeMode {

    /**
     * Reattach commits become last-write-wins: a reattach the store refuses with {@code STALE_VERSION} or
     * {@code OWNERSHIP_CONFLICT} is reported to the node as committed, at the version the losing write would have set in
     * a last-write-wins table (its expected version plus two), owned by this node, with no previous owner to wait for
     * ({@link LastWriteWinsStore}). Every contender of a race then binds and forwards.
     */
    LWW("lww"),

    /**
     * The node commits and forwards without proving its lease: a lapsed lease proof is ignored
     * ({@code LeaseProofPolicy.UNSAFE_IGNORE_LAPSE}), so a node cut off from the store, or paused past its lease, keeps
     * forwarding for sessions that other nodes took over meanwhile.
     */
    NO_LEASE_CHECK("no-lease-check");

    private final String id;

    UnsafeMode(String id) {
        this.id = id;
    }

    /** The name on the command line and in {@code run.json}. */
    public String id() {
        return id;
    }

    /** Parses {@code lww} or {@code no-lease-check}; anything else fails with one line naming the choices. */
    public static UnsafeMode parse(String text) {
        requireNonNull(text, "text");
        for (var mode : values()) {
            if (mode.id.equals(text.strip())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unsafe mode '" + text + "' is unknown; use one of "
                + Arrays.stream(values()).map(UnsafeMode::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
