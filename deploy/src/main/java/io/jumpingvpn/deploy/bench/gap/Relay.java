package io.jumpingvpn.deploy.bench.gap;

import java.net.InetSocketAddress;

/**
 * A tiny in-process relay between the agent and the gateway, one per candidate the agent knows. {@link #blackHole}
 * makes the relay silent: every path through it drops what it carries in both directions, without closing anything,
 * exactly like a network that stopped delivering. Paths opened after {@link #heal} work again; the black-holed ones
 * stay dead (their stream or mapping was cut mid-flight).
 */
interface Relay extends AutoCloseable {

    /** Where the agent dials. */
    InetSocketAddress address();

    void blackHole();

    void heal();

    @Override
    void close();
}
