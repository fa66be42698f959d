package io.jumpingvpn.chaos.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The UDP relay between agents and a node, on real loopback sockets. */
class UdpRelayIntegrationTests {

    /** A stand-in node: echoes every datagram and remembers where they came from. */
    private static final class EchoNode implements AutoCloseable {
        final DatagramSocket socket;
        final Set<InetSocketAddress> sources = ConcurrentHashMap.newKeySet();
        final Thread thread;

        EchoNode() throws Exception {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            thread = Thread.ofVirtual().start(() -> {
                var buffer = new byte[2048];
                while (!socket.isClosed()) {
                    var packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(packet);
                        sources.add((InetSocketAddress) packet.getSocketAddress());
                        socket.send(
                                new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private EchoNode node;
    private EchoNode otherNode;
    private UdpRelay relay;

    @AfterEach
    void stop() {
        for (var closeable : new AutoCloseable[] {relay, node, otherNode}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // a test socket
                }
            }
        }
    }

    private static Optional<String> roundTrip(DatagramSocket agent, InetSocketAddress relay, String text)
            throws Exception {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        agent.send(new DatagramPacket(bytes, bytes.length, relay));
        var buffer = new byte[2048];
        var packet = new DatagramPacket(buffer, buffer.length);
        agent.setSoTimeout(500);
        try {
            agent.receive(packet);
            return Optional.of(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    @Test
    void datagramsGoBothWaysAndEachAgentSocketIsItsOwnSourceAtTheNode() throws Exception {
        node = new EchoNode();
        relay = UdpRelay.start("n1", "127.0.0.1", InetAddress.getLoopbackAddress(), node.address());
        try (var first = new DatagramSocket();
                var second = new DatagramSocket()) {
            assertThat(roundTrip(first, relay.address(), "one")).contains("one");
            assertThat(roundTrip(second, relay.address(), "two")).contains("two");
            assertThat(roundTrip(first, relay.address(), "three")).contains("three");
        }
        // A new agent socket (a NAT rebinding) is a new source port at the node; the relay is never the source.
        assertThat(node.sources).hasSize(2).doesNotContain(relay.address());
        assertThat(relay.flowCount()).isEqualTo(2);
        // The relay counts a datagram after handing it on: the agent may have it first.
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.stats().toAgents() == 3);
        assertThat(relay.stats().toNode()).isEqualTo(3);
    }

    @Test
    void aBlackHoledRelayDropsBothWaysAndHealsWithoutClosingAnything() throws Exception {
        node = new EchoNode();
        relay = UdpRelay.start("n1", "127.0.0.1", InetAddress.getLoopbackAddress(), node.address());
        try (var agent = new DatagramSocket()) {
            assertThat(roundTrip(agent, relay.address(), "before")).contains("before");

            relay.blackhole(true);
            assertThat(roundTrip(agent, relay.address(), "during")).isEmpty();
            assertThat(relay.stats().dropped()).isPositive();

            relay.blackhole(false);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> roundTrip(agent, relay.address(), "after").isPresent());
        }
    }

    @Test
    void aRestartedNodeAtAnotherAddressIsReachedThroughTheSameRelay() throws Exception {
        node = new EchoNode();
        otherNode = new EchoNode();
        relay = UdpRelay.start("n1", "127.0.0.1", InetAddress.getLoopbackAddress(), node.address());
        try (var agent = new DatagramSocket()) {
            assertThat(roundTrip(agent, relay.address(), "first")).contains("first");
            relay.target(otherNode.address());
            assertThat(roundTrip(agent, relay.address(), "second")).contains("second");
        }
        assertThat(otherNode.sources).hasSize(1);
    }
}
