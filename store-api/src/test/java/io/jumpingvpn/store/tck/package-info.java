/**
 * The contract suite (TCK) every {@link io.jumpingvpn.store.SessionStore} must pass, shipped in this module's test jar.
 *
 * <p>A store runs the whole suite by extending {@link io.jumpingvpn.store.tck.SessionStoreContract} and implementing
 * the few hooks of {@link io.jumpingvpn.store.tck.StoreFixture}; each part ({@code *Contract}) can also be run alone by
 * extending it. Everything here talks to the store only through the {@code SessionStore} interface: no test may know
 * how a store keeps its data (the one exception, corrupting a record, goes through a fixture hook). Durations a test
 * waits out are short, because real-time stores really wait them.
 */
package io.jumpingvpn.store.tck;
