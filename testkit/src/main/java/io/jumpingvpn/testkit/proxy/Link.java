package io.jumpingvpn.testkit.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** One proxied connection: the client's socket, the socket to the target, and a pump thread per direction. */
final class Link {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final FaultProxy proxy;
    private final Socket client;
    private final Socket upstream;
    private final int id = SEQUENCE.incrementAndGet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger finishedPumps = new AtomicInteger();
    private volatile Thread up;
    private volatile Thread down;

    Link(FaultProxy proxy, Socket client, Socket upstream) {
        this.proxy = proxy;
        this.client = client;
        this.upstream = upstream;
    }

    void start() {
        String name = "fault-proxy-" + proxy.port() + "-" + id;
        up = Thread.ofVirtual().name(name + "-up").start(() -> pump(true, client, upstream));
        down = Thread.ofVirtual().name(name + "-down").start(() -> pump(false, upstream, client));
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes both sockets normally (FIN). */
    void close() {
        end(false);
    }

    /** Closes both sockets with RST. */
    void abort() {
        end(true);
    }

    static void abortQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // an unconnected or closed socket has no linger to set; closing it below is all that matters
        }
        closeQuietly(socket);
    }

    private void end(boolean abortive) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (abortive) {
            abortQuietly(client);
            abortQuietly(upstream);
        } else {
            closeQuietly(client);
            closeQuietly(upstream);
        }
        proxy.removed(this);
        proxy.wakeWaiters();
        // ends a pump sleeping out a Delay; blocked socket reads end with the sockets closed above
        interrupt(up);
        interrupt(down);
    }

    private void pump(boolean isUpstream, Socket from, Socket to) {
        byte[] chunk = new byte[FaultProxy.CHUNK_BYTES];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int read = in.read(chunk);
                FaultMode mode = proxy.awaitForwardable(this);
                if (mode instanceof FaultMode.Delay(Duration delay)) {
                    Thread.sleep(delay);
                    // the mode may have changed while sleeping (to a black hole, say): obey the new one, without
                    // a second delay
                    mode = proxy.awaitForwardable(this);
                }
                if (mode == null) {
                    return;
                }
                if (read < 0) {
                    // half-close: the peer may still send in the other direction
                    to.shutdownOutput();
                    return;
                }
                if (!isUpstream && mode instanceof FaultMode.DropReplies) {
                    proxy.dropped(read);
                    continue;
                }
                out.write(chunk, 0, read);
                out.flush();
                proxy.forwarded(isUpstream, read);
            }
        } catch (InterruptedException e) {
            // interrupted only by end(): the link is closing
        } catch (IOException e) {
            // one side reset or vanished: pass that on as a reset rather than a clean close
            abort();
        } finally {
            if (finishedPumps.incrementAndGet() == 2) {
                close();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more can be done with a socket that fails to close
        }
    }

    private static void interrupt(Thread thread) {
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }
}
