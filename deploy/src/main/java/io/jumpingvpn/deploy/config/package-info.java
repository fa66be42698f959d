/**
 * The node configuration: one typed, immutable {@link io.jumpingvpn.deploy.config.GatewayFile} built by
 * {@link io.jumpingvpn.deploy.config.ConfigLoader} from gateway.yaml, {@code JVPN_*} variables and flags, validated at
 * once with one-line errors naming the key. Reading only: nothing here opens a socket or a store.
 */
package io.jumpingvpn.deploy.config;
