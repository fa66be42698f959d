package io.jumpingvpn.testkit.redis.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports. A port found free can be taken by someone else before Redis binds it; callers handle that race
 * by retrying the start on "Address already in use".
 */
public final class Ports {

    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Redis Cluster listens for its bus on the client port + 10000 unless told otherwise. */
    public static final int CLUSTER_BUS_OFFSET = 10_000;

    private static final int MAX_CLUSTER_PORT_ATTEMPTS = 200;

    private Ports() {}

    /** An ephemeral port the kernel just handed out on 127.0.0.1. */
    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind any port on 127.0.0.1", e);
        }
    }

    /** A free port whose cluster bus port (+10000) is free too. */
    public static int freeClusterPort() {
        for (int attempt = 0; attempt < MAX_CLUSTER_PORT_ATTEMPTS; attempt++) {
            int port = freeLoopbackPort();
            int bus = port + CLUSTER_BUS_OFFSET;
            if (bus <= 65_535 && isFree(bus)) {
                return port;
            }
        }
        throw new IllegalStateException("found no free loopback port p with p+" + CLUSTER_BUS_OFFSET + " free in "
                + MAX_CLUSTER_PORT_ATTEMPTS + " attempts");
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
