package io.jumpingvpn.chaos.workload;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.history.AgentEvent;
import io.jumpingvpn.chaos.history.HistoryFiles;
import io.jumpingvpn.chaos.history.JsonLinesWriter;
import io.jumpingvpn.chaos.recording.Anomalies;
import io.jumpingvpn.chaos.recording.RunHistory;
import io.jumpingvpn.protocol.crypto.AgentCrypto;
import io.jumpingvpn.protocol.keys.KeyDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The racers of a run ({@link Racer}), one thread each, writing their agent lines to {@code agents/racers.jsonl}.
 * {@link #close()} stops them; each terminates its session explicitly ({@code OPERATOR_TERMINATE}).
 */
public final class Racers implements AutoCloseable {

    /** The agent process name of the racers' history file. */
    public static final String PROCESS = "racers";

    private final List<Racer> racers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final JsonLinesWriter<AgentEvent> writer;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final RacerCounts counts = new RacerCounts();

    private Racers(JsonLinesWriter<AgentEvent> writer) {
        this.writer = writer;
    }

    /**
     * Starts {@code count} racers against {@code nodes}; {@code seed} gives each its own sequence of races (which
     * nodes, when, replays or not).
     */
    public static Racers start(
            int count,
            Path runDir,
            KeyDirectory.AgentKeys keys,
            List<NodeEndpoint> nodes,
            RunHistory history,
            Anomalies anomalies,
            long seed,
            Duration lease)
            throws IOException {
        requireNonNull(keys, "keys");
        var racers = new Racers(HistoryFiles.openAgent(runDir, PROCESS));
        if (count == 0) {
            return racers;
        }
        var crypto = new AgentCrypto(keys.agentKey(), keys.gatewayKey(), Clock.systemUTC(), new SecureRandom());
        var seeds = new SplittableRandom(seed);
        try {
            for (int i = 0; i < count; i++) {
                var name = "racer-" + i;
                var racer = new Racer(
                        name,
                        nodes,
                        crypto,
                        history,
                        new RacerLog(name, racers.writer, racers.failure),
                        anomalies,
                        racers.counts,
                        seeds.nextLong(),
                        lease);
                racers.racers.add(racer);
            }
        } catch (IOException | RuntimeException e) {
            racers.close();
            throw e;
        }
        for (var racer : racers.racers) {
            racers.threads.add(
                    Thread.ofPlatform().daemon().name("chaos-" + racer.name()).start(racer));
        }
        return racers;
    }

    /** A fault just cut {@code node} off from Redis or stopped it: racers whose session is there race it away. */
    public void flee(String node) {
        racers.forEach(racer -> racer.flee(node));
    }

    public RacerCounts counts() {
        return counts;
    }

    /** Why the racers' history file could not be written, if it could not. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void close() throws IOException {
        racers.forEach(Racer::stop);
        for (var thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writer.close();
    }
}
