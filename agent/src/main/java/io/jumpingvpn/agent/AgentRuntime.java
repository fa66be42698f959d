package io.jumpingvpn.agent;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.internal.transport.NettyRuntime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Event-loop threads shared by many agents of one process ({@link AgentConfig.Builder#runtime}). By default every
 * {@link Agent} has a thread of its own; a program that runs hundreds or thousands of agents (a load generator, a
 * benchmark, a chaos runner) gives them one runtime instead, so that they share a few threads. Each agent is pinned to
 * one loop of the runtime (round robin at start) and keeps all its sockets and session state on it, exactly as on a
 * thread of its own; callbacks of the agents of one loop run one after the other, so they must stay short.
 *
 * <p>The program owns the runtime: closing an agent leaves it running, and {@link #close()} stops it, after the agents
 * (an agent still open when its runtime stops ends without its TERMINATE and releases what it holds when closed).
 */
public final class AgentRuntime implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    private static final int MAX_THREADS = 256;

    private final String name;
    private final int threads;
    private final NettyRuntime group;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AgentRuntime(String name, int threads, NettyRuntime group) {
        this.name = name;
        this.threads = threads;
        this.group = group;
    }

    /**
     * Starts {@code threads} event-loop threads named {@code jvpn-agents-<name>-N} (native epoll when available).
     * {@code name}: 1 to 64 characters of {@code [A-Za-z0-9._-]}, not starting with '.'; {@code threads}: 1 to 256.
     */
    public static AgentRuntime start(String name, int threads) {
        requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new InvalidAgentConfigException(
                    "runtime",
                    "name '" + name + "' must be 1 to 64 characters of [A-Za-z0-9._-], not starting with '.'");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new InvalidAgentConfigException(
                    "runtime", "threads must be 1 to " + MAX_THREADS + ", got " + threads);
        }
        return new AgentRuntime(name, threads, NettyRuntime.group("jvpn-agents-" + name, threads));
    }

    public String name() {
        return name;
    }

    public int threads() {
        return threads;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** The loop of the next agent to start; internal to the agent module. */
    NettyRuntime share() {
        if (closed.get()) {
            throw new IllegalStateException("agent runtime '" + name + "' is closed");
        }
        return NettyRuntime.shareOf(group);
    }

    /**
     * Stops the threads, waiting at most about {@code timeout}; idempotent. Close the agents first: their TERMINATE
     * needs the loop.
     */
    public void close(Duration timeout) {
        requireNonNull(timeout, "timeout");
        if (closed.compareAndSet(false, true)) {
            group.shutdown(timeout);
        }
    }

    /** {@link #close(Duration)} with 2 s. */
    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
        return "AgentRuntime[" + name + ", " + threads + " thread(s)" + (closed.get() ? ", closed" : "") + "]";
    }
}
