package io.jumpingvpn.deploy.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.jumpingvpn.agent.Agent;
import io.jumpingvpn.agent.AgentConfig;
import io.jumpingvpn.agent.AgentEvent;
import io.jumpingvpn.agent.AgentStatus;
import io.jumpingvpn.agent.AttachOutcome;
import io.jumpingvpn.deploy.agent.AgentEventText;
import io.jumpingvpn.deploy.cli.DurationConverter;
import io.jumpingvpn.deploy.cli.ExitCodes;
import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.gateway.Gateway;
import io.jumpingvpn.gateway.GatewayConfig;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.policy.Policy;
import io.jumpingvpn.protocol.wire.TransportKind;
import io.jumpingvpn.store.memory.InMemorySessionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jvpn demo}: the main job, end to end on loopback, with no Redis. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start a gateway (embedded store, echo egress) and an agent on loopback, send traffic through the tunnel,",
            "kill the agent's transport in the middle, and show the reattach and the traffic going on.",
            "The last line of stdout is a JSON summary. Exit code 0 when the session survived and traffic resumed."
        })
public final class DemoCommand implements Callable<Integer> {

    private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(15);

    @Option(
            names = "--before",
            defaultValue = "1500ms",
            converter = DurationConverter.class,
            description = "Traffic before the transport is killed (default ${DEFAULT-VALUE}).")
    Duration before;

    @Option(
            names = "--after",
            defaultValue = "1500ms",
            converter = DurationConverter.class,
            description = "Traffic after it resumed (default ${DEFAULT-VALUE}).")
    Duration after;

    @Option(
            names = "--interval",
            defaultValue = "10ms",
            converter = DurationConverter.class,
            description = "Time between two datagrams (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = "--payload",
            defaultValue = "512",
            description = "Datagram size in bytes (default ${DEFAULT-VALUE}).")
    int payload;

    private final BlockingQueue<TimedEvent> events = new LinkedBlockingQueue<>();
    private long startNanos;

    private record TimedEvent(long nanos, AgentEvent event) {}

    @Override
    public Integer call() throws Exception {
        if (payload < 16 || payload > 1400) {
            throw new UserError("--payload must be between 16 and 1400 bytes, got " + payload);
        }
        if (interval.toMillis() < 1 || interval.toSeconds() > 1) {
            throw new UserError("--interval must be between 1ms and 1s, got " + interval.toMillis() + "ms");
        }
        startNanos = System.nanoTime();
        quietLibraryLogs();
        var keys = Files.createTempDirectory("jvpn-demo-keys");
        try {
            KeyDirectory.generate(keys, new SecureRandom(), "demo-agent");
            return run(keys);
        } finally {
            deleteTree(keys);
        }
    }

    private int run(Path keys) throws Exception {
        // The fast policy makes the gap short enough to watch: heartbeats every 50 ms, transport dead after 200 ms.
        var policy = Policy.FAST;
        var config = GatewayConfig.builder()
                .nodeId("demo-gw")
                .listen("udp://127.0.0.1:0", "tcp://127.0.0.1:0")
                .keys(KeyDirectory.loadGateway(keys))
                .egress("echo")
                .policy(policy)
                .build();
        try (var store = new InMemorySessionStore();
                var gateway = Gateway.start(config, store, new SimpleMeterRegistry())) {
            var udp = gateway.endpoint(TransportKind.UDP).orElseThrow();
            var tcp = gateway.endpoint(TransportKind.TCP).orElseThrow();
            say("gateway " + gateway.nodeRef() + " listening on " + udp + " and " + tcp
                    + " (embedded store, echo egress, policy: heartbeat "
                    + policy.heartbeatInterval().toMillis() + " ms, dead after "
                    + policy.heartbeatVolatile().toMillis() + " ms)");
            var agentConfig = AgentConfig.builder()
                    .name("demo-agent")
                    .gateway(udp.toString())
                    .gateway(tcp.toString())
                    .keys(KeyDirectory.loadAgent(keys))
                    .forward(new InetSocketAddress("127.0.0.1", 0))
                    .policy(policy)
                    .listener(event -> events.add(new TimedEvent(System.nanoTime(), event)))
                    .build();
            try (var agent = Agent.start(agentConfig)) {
                return drive(agent);
            }
        }
    }

    private int drive(Agent agent) throws Exception {
        var attached = agent.awaitAttached(ATTACH_TIMEOUT);
        printEvents();
        if (!(attached instanceof AttachOutcome.Attached)) {
            throw new UserError("the agent did not attach within " + ATTACH_TIMEOUT.toSeconds() + " s: " + attached);
        }
        var forward = agent.status().forwardAddress().orElseThrow();
        var initial = agent.status();
        say("sending a " + payload + "-byte datagram every " + interval.toMillis() + " ms to the agent's local port "
                + forward.getPort() + "; the gateway echoes it back through the tunnel");
        try (var traffic = new DemoTraffic(forward, payload, interval)) {
            traffic.start();
            waitFor(before.toMillis(), () -> false);
            say("traffic so far: sent " + traffic.sent() + ", echoed " + traffic.received());
            say("killing the agent's transport (its socket closes, as on a network change)");
            traffic.mark();
            agent.killTransport();
            boolean resumed = waitFor(RESUME_TIMEOUT.toMillis(), traffic::echoedSinceMark);
            if (resumed) {
                say("traffic resumed " + traffic.gapMillis() + " ms after the last echo before the kill");
            } else {
                say("traffic did not resume within " + RESUME_TIMEOUT.toSeconds() + " s");
            }
            waitFor(after.toMillis(), () -> false);
            traffic.stop(Duration.ofMillis(500));
            var status = agent.status();
            printEvents();
            var summary = summarize(initial, status, traffic, resumed);
            say("sent " + summary.sent() + ", echoed " + summary.received() + ", lost " + summary.lost()
                    + " (the datagrams sent while the session had no transport), echoed after the reattach "
                    + traffic.receivedAfterMark());
            say(
                    summary.ok()
                            ? "the session survived its transport: same session id, version " + summary.stateVersion()
                            : "the session did NOT survive as expected");
            System.out.println(new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .writeValueAsString(summary));
            return summary.ok() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        }
    }

    private DemoSummary summarize(AgentStatus before, AgentStatus after, DemoTraffic traffic, boolean resumed) {
        boolean sameSession = before.sessionId().equals(after.sessionId());
        boolean ok = resumed
                && sameSession
                && after.isAttached()
                && after.counts().reattaches() >= 1
                && traffic.receivedAfterMark() > 0;
        return new DemoSummary(
                ok,
                after.sessionId().orElse(""),
                after.counts().reattaches(),
                after.confirmedVersion(),
                after.state().name(),
                traffic.sent(),
                traffic.received(),
                traffic.sent() - traffic.received(),
                traffic.gapMillis(),
                describe(before),
                describe(after));
    }

    private static String describe(AgentStatus status) {
        return status.candidate().map(Object::toString).orElse("none")
                + status.localAddress()
                        .map(address -> " from local port " + address.getPort())
                        .orElse("");
    }

    /** Waits up to {@code millis}, printing agent events as they come; returns early once {@code done} holds. */
    private boolean waitFor(long millis, BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            var event = events.poll(20, TimeUnit.MILLISECONDS);
            if (event != null) {
                print(event);
            }
            if (done.getAsBoolean()) {
                printEvents();
                return true;
            }
        }
        printEvents();
        return done.getAsBoolean();
    }

    private void printEvents() {
        TimedEvent event;
        while ((event = events.poll()) != null) {
            print(event);
        }
    }

    private void print(TimedEvent event) {
        System.out.printf("[%6d ms] agent: %s%n", elapsedMillis(event.nanos()), AgentEventText.describe(event.event()));
    }

    private void say(String line) {
        System.out.printf("[%6d ms] %s%n", elapsedMillis(System.nanoTime()), line);
    }

    private long elapsedMillis(long nanos) {
        return (nanos - startNanos) / 1_000_000;
    }

    /** The demo prints its own story; the components' INFO lines would only interleave with it. */
    private static void quietLibraryLogs() {
        if (LoggerFactory.getLogger("io.jumpingvpn") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("jvpn demo: could not delete the temporary key directory " + root + ": " + e);
        }
    }
}
