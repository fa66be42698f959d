/**
 * The in-memory session store: the embedded default for a gateway running as a single node, and the reference
 * implementation the contract suite is checked against.
 *
 * <p>{@link io.jumpingvpn.store.memory.InMemorySessionStore} and its options are the only public types. The rules it
 * applies live in package-private pure functions ({@code SessionRules} for the checks in contract order,
 * {@code RecordChanges} for what a commit writes) so that they read like the contract in
 * {@link io.jumpingvpn.store.SessionStore}; node leases and the hand-overs queued for them live in {@code NodeTable},
 * subscriptions of {@code watch} and their one delivery thread in {@code Watchers}. Nothing here may be shared between processes or survive a restart, and
 * nothing here may depend on another module of the project.
 */
package io.jumpingvpn.store.memory;
