package io.jumpingvpn.testkit.resp;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/**
 * One blocking connection to a Redis server (or a Sentinel) speaking RESP2. Not thread-safe: one caller at a time.
 *
 * <p>Every read waits at most the reply timeout and then throws {@link java.net.SocketTimeoutException}; the
 * connection is then out of step with the server and should be closed.
 */
public final class RespClient implements AutoCloseable {

    private final String host;
    private final int port;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespClient(String host, int port, Socket socket) throws IOException {
        this.host = host;
        this.port = port;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
    }

    /**
     * Connects within {@code timeout}, which also bounds every reply read afterwards (see {@link #replyTimeout}).
     *
     * @throws IOException when nothing accepts on {@code host:port} in time
     */
    public static RespClient connect(String host, int port, Duration timeout) throws IOException {
        requireNonNull(host, "host");
        int millis = timeoutMillis(timeout);
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            return new RespClient(host, port, socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one command and reads its reply. */
    public RespValue call(String... args) throws IOException {
        send(args);
        return read();
    }

    /** Sends one command without reading its reply: for tests that look at what happens to the reply. */
    public void send(String... args) throws IOException {
        out.write(RespCodec.encodeCommand(List.of(args)));
        out.flush();
    }

    /** Reads the next reply. */
    public RespValue read() throws IOException {
        return RespCodec.read(in);
    }

    /** Changes how long each following read may wait. */
    public void replyTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout(timeoutMillis(timeout));
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort: the socket is unusable either way
        }
    }

    @Override
    public String toString() {
        return "RespClient[" + host + ":" + port + "]";
    }

    private static int timeoutMillis(Duration timeout) {
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be between 1 ms and ~24 days, got " + timeout);
        }
        return (int) Math.max(1, timeout.toMillis());
    }
}
