package io.jumpingvpn.deploy.bench.reattach;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.bench.rig.BenchGateway;
import io.jumpingvpn.deploy.bench.rig.BenchKeys;
import io.jumpingvpn.deploy.bench.rig.CpuClock;
import io.jumpingvpn.deploy.bench.rig.LatencyMs;
import io.jumpingvpn.deploy.bench.rig.RawHandshake;
import io.jumpingvpn.deploy.bench.rig.RawLink;
import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.crypto.AgentCrypto;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Establishes the sessions (one handshake after the other, each timed), then runs the open-loop reattach schedule of
 * {@link ReattachClient} against a real gateway in this process, and reports.
 */
public final class ReattachBench {

    private final ReattachSettings settings;
    private final PrintStream progress;

    public ReattachBench(ReattachSettings settings, PrintStream progress) {
        this.settings = requireNonNull(settings, "settings");
        this.progress = requireNonNull(progress, "progress");
    }

    public ReattachReport run() throws IOException, InterruptedException {
        try (var keys = BenchKeys.generate();
                var gateway = BenchGateway.start(keys.gateway(), ReattachSettings.POLICY, BenchGateway.ONE_SOURCE)) {
            var address = gateway.address(settings.transport());
            progress.printf(
                    "reattach bench: gateway %s (%s) on %s; %d sessions, %.1f reattaches/s, warmup %d ms, duration %d ms%n",
                    gateway.gateway().nodeRef(),
                    gateway.transport(),
                    gateway.endpoint(settings.transport()),
                    settings.sessions(),
                    settings.rate(),
                    settings.warmup().toMillis(),
                    settings.duration().toMillis());
            var crypto = keys.agentCrypto();
            var handshakes = LatencyMs.newMicrosHistogram();
            var sessions = establish(crypto, address, handshakes);
            try (var client = new ReattachClient(settings, crypto, address, sessions, progress)) {
                var tally = client.run();
                return report(gateway.transport(), LatencyMs.ofMicros(handshakes), tally);
            } finally {
                for (var session : sessions) {
                    session.closeTransport();
                }
            }
        }
    }

    private List<ReattachSession> establish(AgentCrypto crypto, InetSocketAddress address, Histogram handshakes)
            throws IOException {
        var sessions = new ArrayList<ReattachSession>(settings.sessions());
        long lastReport = System.nanoTime();
        try {
            for (int i = 0; i < settings.sessions(); i++) {
                var link = RawLink.open(settings.transport(), address);
                RawHandshake.Established established;
                try {
                    established = RawHandshake.run(link, crypto);
                } catch (IOException | RuntimeException e) {
                    link.close();
                    throw e;
                }
                handshakes.recordValue(Math.max(1, established.nanos() / 1_000));
                // The handshake's socket stays open as the session's transport until a reattach replaces it.
                sessions.add(new ReattachSession(
                        established.attachment().sessionId(),
                        established.attachment().version(),
                        link));
                if (System.nanoTime() - lastReport > 1_000_000_000L) {
                    lastReport = System.nanoTime();
                    progress.printf("  established %d/%d sessions%n", i + 1, settings.sessions());
                }
            }
        } catch (IOException e) {
            sessions.forEach(ReattachSession::closeTransport);
            throw new UserError("establishing the benchmark sessions failed: " + e, e);
        } catch (RuntimeException e) {
            sessions.forEach(ReattachSession::closeTransport);
            throw e;
        }
        var summary = LatencyMs.ofMicros(handshakes);
        progress.printf(
                "  %d sessions established; handshake p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                sessions.size(), summary.p50(), summary.p99(), summary.max());
        return sessions;
    }

    private ReattachReport report(String gatewayIo, LatencyMs handshakes, ReattachTally tally) {
        double seconds = settings.duration().toNanos() / 1e9;
        return new ReattachReport(
                settings.transport().scheme(),
                gatewayIo,
                settings.sessions(),
                settings.rate(),
                settings.warmup().toMillis() / 1000.0,
                seconds,
                handshakes,
                tally.attempts(),
                tally.accepted(),
                tally.rejectedByCode(),
                tally.unanswered(),
                tally.skippedBusy(),
                tally.invalidReplies(),
                tally.resent(),
                Math.round(tally.accepted() / seconds * 10) / 10.0,
                LatencyMs.ofMicros(tally.latencies()),
                LatencyMs.ofMicros(tally.fromSchedule()),
                LatencyMs.ofMicros(tally.sendLags()),
                CpuClock.cores(tally.clientCpuNanos(), tally.wallNanos()),
                CpuClock.cores(tally.gatewayCpuNanos(), tally.wallNanos()));
    }
}
