/**
 * Chooses and opens the session store from a {@code --store}/{@code --redis} value. This is the only place that knows
 * both store implementations; the gateway sees just {@link io.jumpingvpn.store.SessionStore}.
 */
package io.jumpingvpn.deploy.store;
