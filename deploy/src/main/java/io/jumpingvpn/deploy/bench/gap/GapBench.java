package io.jumpingvpn.deploy.bench.gap;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.agent.Agent;
import io.jumpingvpn.agent.AgentConfig;
import io.jumpingvpn.agent.AttachOutcome;
import io.jumpingvpn.deploy.bench.rig.BenchGateway;
import io.jumpingvpn.deploy.bench.rig.BenchKeys;
import io.jumpingvpn.deploy.bench.rig.LatencyMs;
import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.gateway.FloodSettings;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import io.jumpingvpn.protocol.wire.Candidate;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A gateway and the real {@link Agent} in this process, with the fast policy. The killed variant closes the agent's
 * transport ({@link Agent#killTransport}: a TCP connection is reset) {@code runs} times; the silent variant puts one
 * relay per cut between them and black-holes the relay the agent is using, so only the heartbeat-dead detection
 * notices, and the agent moves to another relay (a fresh one ranks above the ones that failed). Each cut waits for
 * the traffic to resume, then for {@code settle}.
 */
public final class GapBench {

    private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(10);
    private static final long RESUME_TIMEOUT_NANOS = 10_000_000_000L;

    private final GapSettings settings;
    private final PrintStream progress;

    public GapBench(GapSettings settings, PrintStream progress) {
        this.settings = requireNonNull(settings, "settings");
        this.progress = requireNonNull(progress, "progress");
    }

    public GapReport run() throws IOException, InterruptedException {
        try (var keys = BenchKeys.generate();
                var gateway = BenchGateway.start(keys.gateway(), GapSettings.POLICY, FloodSettings.DEFAULT)) {
            var address = gateway.address(settings.transport());
            progress.printf(
                    "gap bench: gateway %s (%s) on %s; heartbeat %d ms, dead after %d ms; a %d-byte datagram every"
                            + " %.1f ms; %d cut(s) per variant%n",
                    gateway.gateway().nodeRef(),
                    gateway.transport(),
                    gateway.endpoint(settings.transport()),
                    GapSettings.POLICY.heartbeatInterval().toMillis(),
                    GapSettings.POLICY.heartbeatVolatile().toMillis(),
                    settings.payload(),
                    settings.interval().toNanos() / 1e6,
                    settings.runs());
            var killed = killed(keys.agent(), address);
            var silent = silent(keys.agent(), address);
            return new GapReport(
                    settings.transport().scheme(),
                    gateway.transport(),
                    GapSettings.POLICY.heartbeatInterval().toMillis(),
                    GapSettings.POLICY.heartbeatVolatile().toMillis(),
                    settings.interval().toNanos() / 1e6,
                    settings.payload(),
                    killed,
                    silent);
        }
    }

    private GapReport.Variant killed(KeyDirectory.AgentKeys keys, InetSocketAddress gateway)
            throws InterruptedException, IOException {
        progress.println("killed: the agent's transport is closed"
                + (settings.transport() == TransportKind.TCP ? " with a reset" : ""));
        var candidate = candidate(gateway);
        return variant(keys, List.of(candidate), new Cuts() {
            @Override
            public void cut(Agent agent) {
                agent.killTransport();
            }
        });
    }

    private GapReport.Variant silent(KeyDirectory.AgentKeys keys, InetSocketAddress gateway)
            throws InterruptedException, IOException {
        progress.println("silent: the relay the agent uses black-holes its packets; nothing is closed");
        var relays = new ArrayList<Relay>();
        try {
            for (int i = 0; i <= settings.runs(); i++) {
                relays.add(
                        settings.transport() == TransportKind.UDP ? UdpRelay.start(gateway) : TcpRelay.start(gateway));
            }
            var candidates =
                    relays.stream().map(relay -> candidate(relay.address())).toList();
            return variant(keys, candidates, new Cuts() {
                private Relay silenced;

                @Override
                public void cut(Agent agent) {
                    var current = agent.status()
                            .candidate()
                            .orElseThrow(() -> new IllegalStateException("the agent has no transport to silence"));
                    silenced = relays.get(candidates.indexOf(current));
                    silenced.blackHole();
                }

                @Override
                public void after() {
                    if (silenced != null) {
                        silenced.heal();
                    }
                }
            });
        } finally {
            relays.forEach(Relay::close);
        }
    }

    /** How a variant cuts the transport, on the probe's sending thread, and what it undoes once traffic resumed. */
    private interface Cuts {
        void cut(Agent agent);

        default void after() {}
    }

    private GapReport.Variant variant(KeyDirectory.AgentKeys keys, List<Candidate> candidates, Cuts cuts)
            throws InterruptedException, IOException {
        var probe = new GapProbe(settings.interval().toNanos(), settings.payload());
        var config = AgentConfig.builder().name("bench-gap").keys(keys).policy(GapSettings.POLICY);
        candidates.forEach(config::gateway);
        config.dataHandler(probe::onEcho);
        var gaps = new ArrayList<Double>();
        var histogram = LatencyMs.newMicrosHistogram();
        try (var agent = Agent.start(config.build())) {
            if (!(agent.awaitAttached(ATTACH_TIMEOUT) instanceof AttachOutcome.Attached)) {
                throw new UserError("the agent did not attach within " + ATTACH_TIMEOUT.toSeconds() + " s");
            }
            try {
                probe.start(agent);
                int resumed = 0;
                for (int run = 1; run <= settings.runs(); run++) {
                    long echoesBefore = probe.echoes();
                    if (!waitFor(5_000_000_000L, () -> agent.status().isAttached() && probe.echoes() > echoesBefore)) {
                        progress.printf("  run %d: the agent is not attached with traffic flowing; stopping%n", run);
                        break;
                    }
                    probe.cut(() -> cuts.cut(agent));
                    if (waitFor(RESUME_TIMEOUT_NANOS, () -> probe.firstEchoAfterCut() != 0)) {
                        resumed++;
                        long gap = probe.firstEchoAfterCut() - probe.lastEchoBeforeCut();
                        histogram.recordValue(Math.max(1, gap / 1_000));
                        gaps.add(Math.round(gap / 100_000.0) / 10.0);
                        progress.printf("  run %d: traffic resumed after a %.1f ms gap%n", run, gap / 1e6);
                    } else {
                        progress.printf(
                                "  run %d: traffic did not resume within %d s%n",
                                run, RESUME_TIMEOUT_NANOS / 1_000_000_000L);
                    }
                    cuts.after();
                    TimeUnit.MILLISECONDS.sleep(settings.settle().toMillis());
                }
                var summary = LatencyMs.ofMicros(histogram);
                progress.printf(
                        "  gap p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d cut(s)%n",
                        summary.p50(), summary.p99(), summary.max(), summary.count());
                return new GapReport.Variant(
                        settings.runs(),
                        resumed,
                        agent.status().counts().reattaches(),
                        summary,
                        gaps,
                        probe.sent(),
                        probe.echoes(),
                        probe.dropped());
            } finally {
                probe.close();
            }
        }
    }

    private Candidate candidate(InetSocketAddress address) {
        return new Candidate(settings.transport(), address.getHostString() + ":" + address.getPort());
    }

    private static boolean waitFor(long nanos, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MICROSECONDS.sleep(200);
        }
        return true;
    }
}
