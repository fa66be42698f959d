package io.jumpingvpn.chaos.cluster;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny UDP forwarder between the agents and one gateway node: agents send to {@link #address()}, the relay forwards
 * each datagram to the node from a socket of its own per agent socket (so the node sees one source per agent
 * transport, and a new agent socket is a new source: a NAT rebinding), and forwards the node's answers back. While
 * {@linkplain #blackhole(boolean) black-holed} it drops everything both ways and closes nothing: the agents and the
 * node only notice the silence. The node's address can change (a restarted node); agents keep the relay's.
 *
 * <p>One thread per relay. Per-agent sockets idle for {@link #IDLE_NANOS} are closed, and at most {@link #MAX_FLOWS}
 * are kept (the least recently used goes first), so killed agent transports do not pile up.
 */
public final class UdpRelay implements AutoCloseable {

    static final long IDLE_NANOS = 30_000_000_000L;
    static final int MAX_FLOWS = 4_096;
    private static final int MAX_DATAGRAM = 65_536;

    /** Datagrams forwarded and dropped so far, each way. */
    public record Stats(long toNode, long toAgents, long dropped) {}

    private record Flow(SocketAddress agent, DatagramChannel upstream, SelectionKey key) {}

    private final String name;
    private final DatagramChannel listen;
    private final InetAddress upstreamBind;
    private final Selector selector;
    private final Thread thread;
    private final Map<SocketAddress, Flow> flows = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<SocketAddress, Long> lastSeen = new LinkedHashMap<>();
    private final AtomicLong toNode = new AtomicLong();
    private final AtomicLong toAgents = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicInteger flowCount = new AtomicInteger();
    private volatile InetSocketAddress target;
    private volatile boolean blackholed;
    private volatile boolean closed;

    private UdpRelay(String name, DatagramChannel listen, InetAddress upstreamBind, InetSocketAddress target)
            throws IOException {
        this.name = name;
        this.listen = listen;
        this.upstreamBind = upstreamBind;
        this.target = target;
        this.selector = Selector.open();
        listen.register(selector, SelectionKey.OP_READ);
        this.thread = Thread.ofPlatform().daemon().name("chaos-relay-" + name).unstarted(this::loop);
    }

    /**
     * A relay listening on a free port of {@code listenHost} and forwarding to {@code target}; its sockets towards the
     * node are bound to {@code upstreamBind} (the address the node can answer to).
     */
    public static UdpRelay start(String name, String listenHost, InetAddress upstreamBind, InetSocketAddress target) {
        requireNonNull(name, "name");
        requireNonNull(target, "target");
        try {
            var listen = DatagramChannel.open();
            try {
                listen.bind(new InetSocketAddress(listenHost, 0));
                listen.configureBlocking(false);
                var relay = new UdpRelay(name, listen, requireNonNull(upstreamBind, "upstreamBind"), target);
                relay.thread.start();
                return relay;
            } catch (IOException | RuntimeException e) {
                listen.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the UDP relay of " + name + ": " + e.getMessage(), e);
        }
    }

    /** Where agents send to reach the node. */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listen.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points the relay at the node's (new) address. */
    public void target(InetSocketAddress address) {
        this.target = requireNonNull(address, "address");
    }

    public InetSocketAddress target() {
        return target;
    }

    /** Drops every datagram both ways while {@code on}. */
    public void blackhole(boolean on) {
        this.blackholed = on;
    }

    public boolean blackholed() {
        return blackholed;
    }

    public Stats stats() {
        return new Stats(toNode.get(), toAgents.get(), dropped.get());
    }

    private void loop() {
        var buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        long nextSweep = System.nanoTime() + IDLE_NANOS;
        while (!closed) {
            try {
                selector.select(100);
                var keys = selector.selectedKeys();
                for (var key : keys) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.attachment() instanceof Flow flow) {
                        fromNode(flow, buffer);
                    } else {
                        fromAgents(buffer);
                    }
                }
                keys.clear();
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    nextSweep = now + IDLE_NANOS / 4;
                    sweep(now);
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    System.err.println("chaos relay " + name + ": " + e);
                }
            }
        }
    }

    private void fromAgents(ByteBuffer buffer) throws IOException {
        for (int i = 0; i < 256; i++) {
            buffer.clear();
            var agent = listen.receive(buffer);
            if (agent == null) {
                return;
            }
            if (blackholed) {
                dropped.incrementAndGet();
                continue;
            }
            var flow = flow(agent);
            buffer.flip();
            flow.upstream().send(buffer, target);
            toNode.incrementAndGet();
        }
    }

    private void fromNode(Flow flow, ByteBuffer buffer) throws IOException {
        for (int i = 0; i < 256; i++) {
            buffer.clear();
            SocketAddress from;
            try {
                from = flow.upstream().receive(buffer);
            } catch (IOException e) {
                return;
            }
            if (from == null) {
                return;
            }
            if (blackholed) {
                dropped.incrementAndGet();
                continue;
            }
            buffer.flip();
            listen.send(buffer, flow.agent());
            toAgents.incrementAndGet();
            lastSeen.put(flow.agent(), System.nanoTime());
        }
    }

    private Flow flow(SocketAddress agent) throws IOException {
        lastSeen.put(agent, System.nanoTime());
        var flow = flows.get(agent);
        if (flow != null) {
            return flow;
        }
        if (flows.size() >= MAX_FLOWS) {
            var eldest = flows.keySet().iterator().next();
            closeFlow(eldest);
        }
        var upstream = DatagramChannel.open();
        try {
            upstream.bind(new InetSocketAddress(upstreamBind, 0));
            upstream.configureBlocking(false);
            var key = upstream.register(selector, SelectionKey.OP_READ);
            flow = new Flow(agent, upstream, key);
            key.attach(flow);
            flows.put(agent, flow);
            flowCount.set(flows.size());
            return flow;
        } catch (IOException | RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    private void sweep(long now) {
        var idle = lastSeen.entrySet().stream()
                .filter(entry -> now - entry.getValue() > IDLE_NANOS)
                .map(Map.Entry::getKey)
                .toList();
        idle.forEach(this::closeFlow);
    }

    private void closeFlow(SocketAddress agent) {
        lastSeen.remove(agent);
        var flow = flows.remove(agent);
        flowCount.set(flows.size());
        if (flow == null) {
            return;
        }
        flow.key().cancel();
        try {
            flow.upstream().close();
        } catch (IOException ignored) {
            // the socket is gone either way
        }
    }

    /** How many agent sockets the relay currently forwards for. */
    int flowCount() {
        return flowCount.get();
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (var agent : flows.keySet().toArray(SocketAddress[]::new)) {
            closeFlow(agent);
        }
        try {
            selector.close();
            listen.close();
        } catch (IOException ignored) {
            // closing what is already unusable
        }
    }

    @Override
    public String toString() {
        return "UdpRelay[" + name + " " + address() + " -> " + target + (blackholed ? ", black-holed" : "") + "]";
    }
}
