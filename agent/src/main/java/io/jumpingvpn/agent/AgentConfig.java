package io.jumpingvpn.agent;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.history.AgentHistory;
import io.jumpingvpn.agent.internal.transport.Endpoints;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.wire.Candidate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Everything an {@link Agent} runs with. Immutable; built with {@link #builder()}, which refuses a bad value with an
 * {@link InvalidAgentConfigException} naming the setting.
 *
 * <ul>
 *   <li>{@code gateway}: one or more candidates {@code udp://host:port} / {@code tcp://host:port}, possibly of
 *       several gateway nodes; their order gives the transport ids that break ranking ties (first = 0);
 *   <li>{@code keys}: the agent key pair and the pinned gateway cluster key ({@link KeyDirectory#loadAgent});
 *   <li>{@code forward}: optional local UDP address; datagrams received there travel through the tunnel, and data
 *       coming back goes to the last local sender;
 *   <li>{@code policy}: switch limits, recovery window, loss thresholds, ...; the gateway's session terms (heartbeat
 *       interval and dead time, transport-lost TTL, session lifetime, replay window) take precedence for what they
 *       cover;
 *   <li>{@code history}: optional JSON-lines history for the chaos checker (a file of its own, or an
 *       {@link AgentHistory} shared by several agents of one process);
 *   <li>{@code name}: the agent's name in the history and logs;
 *   <li>{@code clock}, {@code nanoTime}, {@code random}: wall clock (signed timestamps), monotonic time (every
 *       duration, the history's {@code mono_ns}) and randomness, injectable for tests;
 *   <li>{@code listener}, {@code dataHandler}: callbacks on the agent's event loop;
 *   <li>{@code closeTimeout}: how long {@link Agent#close()} waits for the TERMINATE to leave and the threads to stop;
 *   <li>{@code runtime}: optional {@link AgentRuntime} whose threads the agent shares with others (by default it has a
 *       thread of its own);
 *   <li>{@code localAddress}: optional local address every transport binds, i.e. the agent's source address (by default
 *       the system picks it).
 * </ul>
 */
public final class AgentConfig {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    private final List<Candidate> gateways;
    private final KeyDirectory.AgentKeys keys;
    private final Optional<InetSocketAddress> forward;
    private final Policy policy;
    private final Optional<Path> historyFile;
    private final Optional<AgentHistory> history;
    private final String name;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final SecureRandom random;
    private final AgentListener listener;
    private final DataHandler dataHandler;
    private final Duration closeTimeout;
    private final Optional<AgentRuntime> runtime;
    private final Optional<InetAddress> localAddress;

    private AgentConfig(Builder b) {
        if (b.gateways.isEmpty()) {
            throw new InvalidAgentConfigException(
                    "gateway", "at least one gateway candidate is needed, e.g." + " udp://127.0.0.1:4500");
        }
        if (b.keys == null) {
            throw new InvalidAgentConfigException("keys", "the agent key pair and the pinned gateway key are needed");
        }
        if (b.historyFile.isPresent() && b.history.isPresent()) {
            throw new InvalidAgentConfigException("history", "give a history file or a shared history, not both");
        }
        this.gateways = List.copyOf(b.gateways);
        this.keys = b.keys;
        this.forward = b.forward;
        this.policy = b.policy;
        this.historyFile = b.historyFile;
        this.history = b.history;
        this.name = b.name;
        this.clock = b.clock;
        this.nanoTime = b.nanoTime;
        this.random = b.random;
        this.listener = b.listener;
        this.dataHandler = b.dataHandler;
        this.closeTimeout = b.closeTimeout;
        this.runtime = b.runtime;
        this.localAddress = b.localAddress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The gateway candidates; a candidate's index is its transport id. */
    public List<Candidate> gateways() {
        return gateways;
    }

    public KeyDirectory.AgentKeys keys() {
        return keys;
    }

    /** The local UDP address to bind (unresolved until start). */
    public Optional<InetSocketAddress> forward() {
        return forward;
    }

    public Policy policy() {
        return policy;
    }

    public Optional<Path> historyFile() {
        return historyFile;
    }

    public Optional<AgentHistory> history() {
        return history;
    }

    public String name() {
        return name;
    }

    public Clock clock() {
        return clock;
    }

    public LongSupplier nanoTime() {
        return nanoTime;
    }

    public SecureRandom random() {
        return random;
    }

    public AgentListener listener() {
        return listener;
    }

    public DataHandler dataHandler() {
        return dataHandler;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** The shared threads the agent runs on; empty: a thread of its own. */
    public Optional<AgentRuntime> runtime() {
        return runtime;
    }

    /** The local address the agent's transports bind; empty: the system's choice. */
    public Optional<InetAddress> localAddress() {
        return localAddress;
    }

    @Override
    public String toString() {
        return "AgentConfig[name=" + name + ", gateways=" + gateways + ", forward="
                + forward.map(Object::toString).orElse("none") + ", history="
                + historyFile.map(Path::toString).orElse(history.isPresent() ? "shared" : "none") + "]";
    }

    /** Collects settings; each setter checks its value, {@link #build()} checks what is required. Not thread-safe. */
    public static final class Builder {

        private final List<Candidate> gateways = new ArrayList<>();
        private KeyDirectory.AgentKeys keys;
        private Optional<InetSocketAddress> forward = Optional.empty();
        private Policy policy = Policy.DEFAULT;
        private Optional<Path> historyFile = Optional.empty();
        private Optional<AgentHistory> history = Optional.empty();
        private String name = "agent";
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoTime = System::nanoTime;
        private SecureRandom random;
        private AgentListener listener = AgentListener.NONE;
        private DataHandler dataHandler = DataHandler.NONE;
        private Duration closeTimeout = Duration.ofSeconds(1);
        private Optional<AgentRuntime> runtime = Optional.empty();
        private Optional<InetAddress> localAddress = Optional.empty();

        private Builder() {}

        /**
         * Adds gateway candidates: one or several separated by commas, each {@code udp://host:port} or
         * {@code tcp://host:port}.
         */
        public Builder gateway(String candidates) {
            requireNonNull(candidates, "candidates");
            if (candidates.isBlank()) {
                throw new InvalidAgentConfigException("gateway", "empty; expected e.g. udp://127.0.0.1:4500");
            }
            for (var text : candidates.split(",", -1)) {
                Candidate candidate;
                try {
                    candidate = Candidate.parse(text.strip());
                } catch (IllegalArgumentException e) {
                    throw new InvalidAgentConfigException("gateway", e.getMessage());
                }
                gateway(candidate);
            }
            return this;
        }

        /** Adds one gateway candidate. */
        public Builder gateway(Candidate candidate) {
            requireNonNull(candidate, "candidate");
            try {
                Endpoints.checkDialable(candidate);
            } catch (IllegalArgumentException e) {
                throw new InvalidAgentConfigException("gateway", e.getMessage());
            }
            if (gateways.contains(candidate)) {
                throw new InvalidAgentConfigException("gateway", "'" + candidate + "' is listed twice");
            }
            if (gateways.size() == 64) {
                throw new InvalidAgentConfigException("gateway", "at most 64 candidates");
            }
            gateways.add(candidate);
            return this;
        }

        public Builder keys(KeyDirectory.AgentKeys keys) {
            this.keys = requireNonNull(keys, "keys");
            return this;
        }

        /** The local UDP address to forward, {@code host:port}, e.g. {@code 127.0.0.1:5000}. */
        public Builder forward(String address) {
            requireNonNull(address, "address");
            try {
                return forward(Endpoints.parse(address.strip()));
            } catch (IllegalArgumentException e) {
                throw e instanceof InvalidAgentConfigException
                        ? e
                        : new InvalidAgentConfigException("forward", e.getMessage());
            }
        }

        /** The local UDP address to forward. Port 0 binds an ephemeral port ({@link AgentStatus#forwardAddress()}). */
        public Builder forward(InetSocketAddress address) {
            requireNonNull(address, "address");
            if (address.getPort() < 0 || address.getPort() > 65_535) {
                throw new InvalidAgentConfigException("forward", "port must be 0..65535, got " + address.getPort());
            }
            this.forward = Optional.of(address);
            return this;
        }

        public Builder policy(Policy policy) {
            this.policy = requireNonNull(policy, "policy");
            return this;
        }

        /** A history file of this agent's own (appended to; created if missing). */
        public Builder historyFile(Path file) {
            this.historyFile = Optional.of(requireNonNull(file, "file"));
            return this;
        }

        /** A history shared with other agents of this process; the agent does not close it. */
        public Builder history(AgentHistory history) {
            this.history = Optional.of(requireNonNull(history, "history"));
            return this;
        }

        /** The agent's name in the history and logs: 1 to 64 characters of {@code [A-Za-z0-9._-]}. */
        public Builder name(String name) {
            requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new InvalidAgentConfigException(
                        "name", "'" + name + "' must be 1 to 64 characters of [A-Za-z0-9._-], not starting with '.'");
            }
            this.name = name;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /** The monotonic time source, in nanoseconds ({@code System::nanoTime} by default). */
        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = requireNonNull(random, "random");
            return this;
        }

        public Builder listener(AgentListener listener) {
            this.listener = requireNonNull(listener, "listener");
            return this;
        }

        public Builder dataHandler(DataHandler dataHandler) {
            this.dataHandler = requireNonNull(dataHandler, "dataHandler");
            return this;
        }

        /** 1 ms to 60 s. */
        public Builder closeTimeout(Duration timeout) {
            requireNonNull(timeout, "timeout");
            if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new InvalidAgentConfigException("closeTimeout", "must be 1 ms to 60 s, got " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * Runs the agent on {@code runtime}'s shared threads instead of a thread of its own. The runtime must be open
         * when the agent starts; the agent never stops it.
         */
        public Builder runtime(AgentRuntime runtime) {
            this.runtime = Optional.of(requireNonNull(runtime, "runtime"));
            return this;
        }

        /**
         * The local address every transport of the agent binds (a port the system picks), so that its packets leave
         * from that address: one interface of a multi-homed host, or one of many loopback addresses when many agents
         * of one machine must look like different hosts. Not a wildcard or multicast address.
         */
        public Builder localAddress(InetAddress address) {
            requireNonNull(address, "address");
            if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
                throw new InvalidAgentConfigException(
                        "localAddress",
                        "'" + address.getHostAddress()
                                + "' is a wildcard or multicast address; give one of this host's");
            }
            this.localAddress = Optional.of(address);
            return this;
        }

        public AgentConfig build() {
            if (random == null) {
                random = new SecureRandom();
            }
            return new AgentConfig(this);
        }
    }
}
