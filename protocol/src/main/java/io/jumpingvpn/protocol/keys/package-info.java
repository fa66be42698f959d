/**
 * Ed25519 identities: agent keys (a gateway admits the agents of its allowlist), the gateway cluster key (agents pin
 * its public half), and the text files they live in ({@link io.jumpingvpn.protocol.keys.KeyFiles}).
 *
 * <p>Nothing here knows about frames or sessions; signatures over protocol messages are built by
 * {@link io.jumpingvpn.protocol.crypto}, which adds the domain-separation labels. Secret material never leaves this
 * package except through {@link io.jumpingvpn.protocol.keys.KeyFiles}.
 */
package io.jumpingvpn.protocol.keys;
