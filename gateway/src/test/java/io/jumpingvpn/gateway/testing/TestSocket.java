package io.jumpingvpn.gateway.testing;

import io.jumpingvpn.protocol.wire.TransportKind;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Optional;

/**
 * A test agent's transport: one UDP socket (one frame per datagram) or one TCP connection (each frame behind its 2-byte
 * length), to one gateway endpoint, with blocking receives bounded by a timeout. Not thread-safe.
 */
final class TestSocket implements AutoCloseable {

    private final TransportKind kind;
    private final InetSocketAddress gateway;
    private final DatagramSocket udp;
    private final Socket tcp;
    private final DataInputStream in;
    private final DataOutputStream out;

    TestSocket(TransportKind kind, InetSocketAddress gateway, InetAddress localAddress) {
        this.kind = kind;
        this.gateway = gateway;
        try {
            if (kind == TransportKind.UDP) {
                udp = new DatagramSocket(new InetSocketAddress(localAddress, 0));
                tcp = null;
                in = null;
                out = null;
            } else {
                udp = null;
                tcp = new Socket();
                tcp.bind(new InetSocketAddress(localAddress, 0));
                tcp.connect(gateway, 5_000);
                tcp.setTcpNoDelay(true);
                in = new DataInputStream(tcp.getInputStream());
                out = new DataOutputStream(tcp.getOutputStream());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) (udp != null ? udp.getLocalSocketAddress() : tcp.getLocalSocketAddress());
    }

    void send(byte[] frame) {
        try {
            if (kind == TransportKind.UDP) {
                udp.send(new DatagramPacket(frame, frame.length, gateway));
            } else {
                out.writeShort(frame.length);
                out.write(frame);
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next frame within {@code timeoutMillis}; empty on timeout or once the connection is gone. */
    Optional<byte[]> receive(long timeoutMillis) {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis));
        try {
            if (kind == TransportKind.UDP) {
                udp.setSoTimeout(millis);
                var buffer = new byte[65_536];
                var packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                return Optional.of(Arrays.copyOf(buffer, packet.getLength()));
            }
            tcp.setSoTimeout(millis);
            int length = in.readUnsignedShort();
            var frame = new byte[length];
            in.readFully(frame);
            return Optional.of(frame);
        } catch (IOException e) {
            // A timeout, or a connection the gateway closed: nothing arrived.
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        if (udp != null) {
            udp.close();
            return;
        }
        try {
            tcp.close();
        } catch (IOException e) {
            // Closing a test socket.
        }
    }
}
