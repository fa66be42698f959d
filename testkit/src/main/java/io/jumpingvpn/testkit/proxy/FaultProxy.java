package io.jumpingvpn.testkit.proxy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on a free port of 127.0.0.1 that forwards to one target and injects faults on demand. The
 * {@link FaultMode} applies at once to existing and new connections.
 *
 * <p>One virtual thread accepts, and each connection uses two (one per direction) that block on their sockets; a
 * black-holed pump waits on a condition, not in a loop. Each direction holds at most one {@value #CHUNK_BYTES}-byte
 * chunk. {@link #close()} ends every connection and thread.
 */
public final class FaultProxy implements AutoCloseable {

    /** The largest chunk read and forwarded at once, per direction and connection. */
    public static final int CHUNK_BYTES = 16 * 1024;

    private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long ACCEPTOR_JOIN_MILLIS = 5_000;

    /**
     * A snapshot of the counters.
     *
     * @param accepted connections accepted and forwarded (or held)
     * @param refused connections accepted and reset at once in {@link FaultMode.Reset} mode
     * @param upstreamFailures connections closed because the target did not accept
     * @param upstreamBytes bytes forwarded client to server
     * @param downstreamBytes bytes forwarded server to client
     * @param droppedBytes server-to-client bytes discarded in {@link FaultMode.DropReplies} mode
     * @param open connections open now
     */
    public record Stats(
            long accepted,
            long refused,
            long upstreamFailures,
            long upstreamBytes,
            long downstreamBytes,
            long droppedBytes,
            int open) {}

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition modeChanged = lock.newCondition();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong upstreamFailures = new AtomicLong();
    private final AtomicLong upstreamBytes = new AtomicLong();
    private final AtomicLong downstreamBytes = new AtomicLong();
    private final AtomicLong droppedBytes = new AtomicLong();
    private volatile FaultMode mode = FaultMode.PASS;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target, ServerSocket server) {
        this.target = target;
        this.server = server;
        this.acceptor = Thread.ofVirtual()
                .name("fault-proxy-" + server.getLocalPort() + "-accept")
                .unstarted(this::acceptLoop);
    }

    /** Starts a proxy in {@link FaultMode.Pass} mode forwarding to {@code host:port}. */
    public static FaultProxy start(String host, int port) {
        requireNonNull(host, "host");
        return start(new InetSocketAddress(host, port));
    }

    public static FaultProxy start(InetSocketAddress target) {
        requireNonNull(target, "target");
        if (target.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve proxy target " + target);
        }
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("fault proxy cannot listen on 127.0.0.1: " + e.getMessage(), e);
        }
        FaultProxy proxy = new FaultProxy(target, server);
        proxy.acceptor.start();
        log.debug("fault proxy 127.0.0.1:{} -> {}", server.getLocalPort(), target);
        return proxy;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    public InetSocketAddress target() {
        return target;
    }

    public FaultMode mode() {
        return mode;
    }

    /** Switches mode for existing and new connections; {@link FaultMode.Reset} aborts every open connection now. */
    public void setMode(FaultMode newMode) {
        requireNonNull(newMode, "newMode");
        lock.lock();
        try {
            mode = newMode;
            modeChanged.signalAll();
        } finally {
            lock.unlock();
        }
        if (newMode instanceof FaultMode.Reset) {
            List.copyOf(links).forEach(Link::abort);
        }
        log.debug("fault proxy 127.0.0.1:{} now {}", port(), newMode);
    }

    public Stats stats() {
        return new Stats(
                accepted.get(),
                refused.get(),
                upstreamFailures.get(),
                upstreamBytes.get(),
                downstreamBytes.get(),
                droppedBytes.get(),
                links.size());
    }

    /** Stops accepting and closes every connection. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // the acceptor ends either way
        }
        wakeWaiters();
        List.copyOf(links).forEach(Link::close);
        try {
            acceptor.join(ACCEPTOR_JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[127.0.0.1:" + port() + " -> " + target + ", " + mode + "]";
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("fault proxy 127.0.0.1:{} stopped accepting: {}", port(), e.toString());
                }
                return;
            }
            if (mode instanceof FaultMode.Reset || closed) {
                refused.incrementAndGet();
                Link.abortQuietly(client);
                continue;
            }
            accepted.incrementAndGet();
            Thread.ofVirtual().name("fault-proxy-" + port() + "-connect").start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            upstreamFailures.incrementAndGet();
            // the client sees a reset, as it would when connecting to a closed port
            Link.abortQuietly(client);
            Link.abortQuietly(upstream);
            return;
        }
        Link link = new Link(this, client, upstream);
        links.add(link);
        // a Reset that came between accept and here did not see this link
        if (closed || mode instanceof FaultMode.Reset) {
            link.abort();
            return;
        }
        link.start();
    }

    /**
     * Blocks while the mode is {@link FaultMode.Blackhole}; returns the mode to apply, or null when the link or the
     * proxy closed meanwhile.
     */
    FaultMode awaitForwardable(Link link) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (closed || link.isClosed()) {
                    return null;
                }
                FaultMode current = mode;
                if (!(current instanceof FaultMode.Blackhole)) {
                    return current;
                }
                // signalled on every mode change and link close; the timeout only bounds a missed signal
                modeChanged.await(1, TimeUnit.SECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    void wakeWaiters() {
        lock.lock();
        try {
            modeChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void forwarded(boolean upstream, int bytes) {
        (upstream ? upstreamBytes : downstreamBytes).addAndGet(bytes);
    }

    void dropped(int bytes) {
        droppedBytes.addAndGet(bytes);
    }

    void removed(Link link) {
        links.remove(link);
    }
}
