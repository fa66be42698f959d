package io.jumpingvpn.deploy.bench.gap;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.WireFormat;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A UDP relay that maps each agent source address to an upstream socket of its own (as a NAT does), so the gateway
 * sees a new source for every new agent socket. Virtual threads block on the sockets; closing the relay closes them.
 */
final class UdpRelay implements Relay {

    private final DatagramChannel front;
    private final InetSocketAddress gateway;
    private final Map<SocketAddress, Mapping> mappings = new ConcurrentHashMap<>();
    private volatile boolean blackHoled;

    /** One agent source and its upstream socket; dead once black-holed. */
    private static final class Mapping {
        final SocketAddress agent;
        final DatagramChannel upstream;
        volatile boolean dead;

        Mapping(SocketAddress agent, DatagramChannel upstream, boolean dead) {
            this.agent = agent;
            this.upstream = upstream;
            this.dead = dead;
        }
    }

    private UdpRelay(DatagramChannel front, InetSocketAddress gateway) {
        this.front = front;
        this.gateway = gateway;
    }

    static UdpRelay start(InetSocketAddress gateway) throws IOException {
        requireNonNull(gateway, "gateway");
        var front = DatagramChannel.open().bind(new InetSocketAddress(gateway.getAddress(), 0));
        var relay = new UdpRelay(front, gateway);
        Thread.ofVirtual().name("bench-udp-relay").start(relay::forwardFromAgents);
        return relay;
    }

    @Override
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) front.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the relay socket is closed", e);
        }
    }

    @Override
    public void blackHole() {
        blackHoled = true;
        for (var mapping : mappings.values()) {
            mapping.dead = true;
        }
    }

    @Override
    public void heal() {
        blackHoled = false;
    }

    private void forwardFromAgents() {
        var buffer = ByteBuffer.allocate(WireFormat.MAX_FRAME_SIZE + 1);
        try {
            while (true) {
                buffer.clear();
                var agent = front.receive(buffer);
                buffer.flip();
                var mapping = mappings.computeIfAbsent(agent, this::open);
                if (mapping == null || mapping.dead) {
                    continue;
                }
                mapping.upstream.write(buffer);
            }
        } catch (ClosedChannelException closed) {
            // the relay closed
        } catch (IOException e) {
            System.err.println("gap bench: the UDP relay stopped: " + e);
        }
    }

    private Mapping open(SocketAddress agent) {
        try {
            var upstream = DatagramChannel.open().bind(new InetSocketAddress(gateway.getAddress(), 0));
            upstream.connect(gateway);
            var mapping = new Mapping(agent, upstream, blackHoled);
            Thread.ofVirtual().name("bench-udp-relay-up").start(() -> forwardToAgent(mapping));
            return mapping;
        } catch (IOException e) {
            System.err.println("gap bench: the UDP relay could not open an upstream socket: " + e);
            return null;
        }
    }

    private void forwardToAgent(Mapping mapping) {
        var buffer = ByteBuffer.allocate(WireFormat.MAX_FRAME_SIZE + 1);
        try {
            while (true) {
                buffer.clear();
                mapping.upstream.read(buffer);
                buffer.flip();
                if (!mapping.dead) {
                    front.send(buffer, mapping.agent);
                }
            }
        } catch (IOException closedOrRefused) {
            // the relay closed, or the gateway's port refused: this mapping is over
        }
    }

    @Override
    public void close() {
        try {
            front.close();
        } catch (IOException ignored) {
            // gone anyway
        }
        for (var mapping : mappings.values()) {
            try {
                mapping.upstream.close();
            } catch (IOException ignored) {
                // gone anyway
            }
        }
    }
}
