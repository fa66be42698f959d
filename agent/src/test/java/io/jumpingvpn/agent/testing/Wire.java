package io.jumpingvpn.agent.testing;

import io.jumpingvpn.protocol.wire.WireFormat;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The scripted gateway's sockets on loopback, written with plain JDK sockets (independent of the agent's Netty code):
 * UDP, one frame per datagram, or TCP, each frame behind a 2-byte big-endian length. Reader threads are daemon threads
 * that end when the wire is closed.
 */
abstract class Wire implements AutoCloseable {

    /** Where an answer goes: the sender of the frame it answers. */
    interface Peer {
        void send(byte[] frame);

        SocketAddress address();
    }

    abstract int port();

    @Override
    public abstract void close();

    static Wire udp(BiConsumer<byte[], Peer> onFrame) throws IOException {
        return new Udp(onFrame);
    }

    static Wire tcp(BiConsumer<byte[], Peer> onFrame) throws IOException {
        return new Tcp(onFrame);
    }

    private static final class Udp extends Wire {
        private final DatagramSocket socket;
        private volatile boolean closed;

        Udp(BiConsumer<byte[], Peer> onFrame) throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(100);
            Thread.ofPlatform().daemon().name("scripted-gateway-udp").start(() -> read(onFrame));
        }

        private void read(BiConsumer<byte[], Peer> onFrame) {
            var buffer = new byte[WireFormat.MAX_FRAME_SIZE + 1];
            while (!closed) {
                var packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (IOException e) {
                    return;
                }
                var bytes = java.util.Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getLength());
                var from = packet.getSocketAddress();
                onFrame.accept(bytes, new Peer() {
                    @Override
                    public void send(byte[] frame) {
                        try {
                            socket.send(new DatagramPacket(frame, frame.length, from));
                        } catch (IOException e) {
                            // A closed wire or a gone agent: datagrams may be lost.
                        }
                    }

                    @Override
                    public SocketAddress address() {
                        return from;
                    }
                });
            }
        }

        @Override
        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            closed = true;
            socket.close();
        }
    }

    private static final class Tcp extends Wire {
        private final ServerSocket server;
        private final List<Socket> connections = new CopyOnWriteArrayList<>();
        private volatile boolean closed;

        Tcp(BiConsumer<byte[], Peer> onFrame) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().name("scripted-gateway-tcp").start(() -> accept(onFrame));
        }

        private void accept(BiConsumer<byte[], Peer> onFrame) {
            while (!closed) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException e) {
                    return;
                }
                connections.add(socket);
                Thread.ofPlatform().daemon().name("scripted-gateway-tcp-conn").start(() -> serve(socket, onFrame));
            }
        }

        private void serve(Socket socket, BiConsumer<byte[], Peer> onFrame) {
            try (socket) {
                socket.setTcpNoDelay(true);
                var in = new DataInputStream(socket.getInputStream());
                var out = new DataOutputStream(socket.getOutputStream());
                var peer = new Peer() {
                    @Override
                    public void send(byte[] frame) {
                        synchronized (out) {
                            try {
                                out.writeShort(frame.length);
                                out.write(frame);
                                out.flush();
                            } catch (IOException e) {
                                // The agent closed or reset the connection.
                            }
                        }
                    }

                    @Override
                    public SocketAddress address() {
                        return socket.getRemoteSocketAddress();
                    }
                };
                while (!closed) {
                    int length = in.readUnsignedShort();
                    var frame = new byte[length];
                    in.readFully(frame);
                    onFrame.accept(frame, peer);
                }
            } catch (SocketException e) {
                // Reset by the agent (a killed transport) or closed by close().
            } catch (IOException e) {
                // End of stream.
            } finally {
                connections.remove(socket);
            }
        }

        @Override
        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() {
            closed = true;
            try {
                server.close();
            } catch (IOException e) {
                // Closing anyway.
            }
            for (var socket : connections) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing anyway.
                }
            }
        }
    }
}
