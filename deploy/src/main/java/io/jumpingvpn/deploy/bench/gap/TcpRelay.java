package io.jumpingvpn.deploy.bench.gap;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay: each accepted connection gets an upstream connection to the gateway, and two virtual threads copy bytes
 * across. A black-holed connection keeps both sockets open and reads what arrives, but delivers nothing; it is closed
 * when either end closes.
 */
final class TcpRelay implements Relay {

    private final ServerSocketChannel server;
    private final InetSocketAddress gateway;
    private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();
    private volatile boolean blackHoled;

    /** One relayed connection. */
    private static final class Pair {
        final SocketChannel agent;
        final SocketChannel upstream;
        volatile boolean dead;

        Pair(SocketChannel agent, SocketChannel upstream, boolean dead) {
            this.agent = agent;
            this.upstream = upstream;
            this.dead = dead;
        }

        void close() {
            try {
                agent.close();
            } catch (IOException ignored) {
                // gone anyway
            }
            try {
                upstream.close();
            } catch (IOException ignored) {
                // gone anyway
            }
        }
    }

    private TcpRelay(ServerSocketChannel server, InetSocketAddress gateway) {
        this.server = server;
        this.gateway = gateway;
    }

    static TcpRelay start(InetSocketAddress gateway) throws IOException {
        requireNonNull(gateway, "gateway");
        var server = ServerSocketChannel.open().bind(new InetSocketAddress(gateway.getAddress(), 0));
        var relay = new TcpRelay(server, gateway);
        Thread.ofVirtual().name("bench-tcp-relay").start(relay::accept);
        return relay;
    }

    @Override
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the relay socket is closed", e);
        }
    }

    @Override
    public void blackHole() {
        blackHoled = true;
        for (var pair : pairs) {
            pair.dead = true;
        }
    }

    @Override
    public void heal() {
        blackHoled = false;
    }

    private void accept() {
        while (true) {
            SocketChannel agent;
            try {
                agent = server.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                var upstream = SocketChannel.open(gateway);
                var pair = new Pair(agent, upstream, blackHoled);
                pairs.add(pair);
                Thread.ofVirtual().name("bench-tcp-relay-up").start(() -> copy(pair, pair.agent, pair.upstream));
                Thread.ofVirtual().name("bench-tcp-relay-down").start(() -> copy(pair, pair.upstream, pair.agent));
            } catch (IOException e) {
                try {
                    agent.close();
                } catch (IOException ignored) {
                    // gone anyway
                }
            }
        }
    }

    private void copy(Pair pair, SocketChannel from, SocketChannel to) {
        var buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                if (!pair.dead) {
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                }
                buffer.clear();
            }
        } catch (IOException closedOrReset) {
            // one end went away: the relayed connection is over
        } finally {
            pairs.remove(pair);
            pair.close();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // gone anyway
        }
        for (var pair : pairs) {
            pair.close();
        }
    }
}
