package io.jumpingvpn.gateway;

/**
 * Whether a node acts only while it can prove its lease. {@link #REQUIRE_PROOF} is the default and the only policy a
 * real node may run with: no configuration key and no flag of {@code jvpn gateway} can choose another.
 *
 * <p><b>Test-only.</b> {@link #UNSAFE_IGNORE_LAPSE} exists so that the chaos tooling can prove that its checker sees
 * the bug this rule prevents ({@code jvpn chaos run --unsafe no-lease-check}, docs/chaos.md). Only Java code can set it,
 * through {@link GatewayConfig.Builder#leaseProofPolicy}.
 */
public enum LeaseProofPolicy {

    /**
     * docs/cluster.md: a node whose lease proof lapsed forwards nothing, answers no heartbeats, refuses handshakes and
     * reattaches before any commit, and hands its sessions to the partition policy.
     */
    REQUIRE_PROOF,

    /**
     * <b>Unsafe, for chaos runs only.</b> Once registered, the node behaves as if its lease proof never lapsed: it keeps
     * forwarding, answering heartbeats and sending commits to the store while it cannot renew. A refusal from the store
     * ({@code LEASE_EXPIRED}, {@code STORE_STATE_LOST}) still withdraws the proof, as with the safe policy.
     */
    UNSAFE_IGNORE_LAPSE
}
