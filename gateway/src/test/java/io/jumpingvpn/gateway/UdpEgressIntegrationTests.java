package io.jumpingvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.gateway.testing.GatewayFixture;
import io.jumpingvpn.protocol.TerminationCode;
import io.jumpingvpn.store.SessionId;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code udp://} egress against a real UDP service on loopback: one upstream socket per session. */
class UdpEgressIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    /** A UDP service that answers every datagram with "pong:" and the payload, and remembers who asked. */
    private static final class PongService implements AutoCloseable {
        final DatagramSocket socket;
        final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        final Thread thread;

        PongService() throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = Thread.ofPlatform().name("pong-service").daemon(true).start(this::serve);
        }

        private void serve() {
            var buffer = new byte[65_536];
            while (!socket.isClosed()) {
                try {
                    var packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    clientPorts.add(packet.getPort());
                    var reply = concat(
                            "pong:".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(buffer, packet.getLength()));
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        String target() {
            return "udp://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(5_000);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        var out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void eachSessionGetsItsOwnUpstreamSocketAndTheRepliesComeBackThroughItsTunnel() throws Exception {
        try (var service = new PongService();
                var fixture = GatewayFixture.start(temp, b -> b.egress(service.target()));
                var alice = fixture.udpAgent();
                var bob = fixture.tcpAgent()) {
            alice.attach();
            bob.attach();

            for (int i = 0; i < 3; i++) {
                var a = ("alice " + i).getBytes(StandardCharsets.US_ASCII);
                var b = new byte[1200];
                Arrays.fill(b, (byte) i);
                alice.sendData(a);
                bob.sendData(b);
                assertThat(alice.expectData(WAIT)).isEqualTo(concat("pong:".getBytes(), a));
                assertThat(bob.expectData(WAIT)).isEqualTo(concat("pong:".getBytes(), b));
            }
            assertThat(service.clientPorts).hasSize(2);

            fixture.gateway
                    .terminate(new SessionId(alice.sessionId()), TerminationCode.OPERATOR_TERMINATE)
                    .toCompletableFuture()
                    .get();
            bob.sendData(new byte[] {1});
            assertThat(bob.expectData(WAIT)).isEqualTo(concat("pong:".getBytes(), new byte[] {1}));
        }
    }
}
