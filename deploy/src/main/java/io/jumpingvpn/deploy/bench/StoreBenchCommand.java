package io.jumpingvpn.deploy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.jumpingvpn.deploy.cli.DurationConverter;
import io.jumpingvpn.deploy.cli.ExitCodes;
import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.deploy.store.StoreSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jvpn bench store}: reattach-commit throughput and latency against a store, alone or with contenders. */
@Command(
        name = "store",
        mixinStandardHelpOptions = true,
        description = {
            "Commit reattaches against the session store.",
            "With --contenders 1: uncontended throughput, --concurrency commits in flight.",
            "With --contenders C > 1: C nodes race for each session each round; every round must have one winner."
        })
public final class StoreBenchCommand implements Callable<Integer> {

    @Option(
            names = "--redis",
            required = true,
            paramLabel = "URI|memory",
            description = "memory (the embedded store), redis://host:port, redis-sentinel://h:p[,h:p]#master or "
                    + "redis-cluster://h:p[,h:p]")
    String target;

    @Option(names = "--sessions", defaultValue = "1000", description = "Sessions to create (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(
            names = "--contenders",
            defaultValue = "1",
            description = "Nodes racing for each session each round (default ${DEFAULT-VALUE}).")
    int contenders;

    @Option(names = "--concurrency", defaultValue = "16", description = "Commits in flight (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--duration",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Measured time (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "Unmeasured time before it (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the final JSON object to FILE.")
    Path json;

    @Override
    public Integer call() throws Exception {
        var settings = new StoreBench.Settings(sessions, contenders, concurrency, duration, warmup);
        var spec = StoreSpec.parse(target);
        StoreBenchReport report;
        try (var store = spec.openForBenchmark()) {
            report = new StoreBench(store, settings, System.err).run(spec.mode(), spec.redacted());
        }
        var mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        var line = mapper.writeValueAsString(report);
        if (json != null) {
            try {
                Files.writeString(json, line + System.lineSeparator());
            } catch (IOException e) {
                throw new UserError("cannot write --json " + json + ": " + e.getMessage(), e);
            }
        }
        System.out.println(line);
        if (report.badRounds() > 0) {
            System.err.println("store bench: " + report.badRounds() + " round(s) did not end with exactly one winner");
            return ExitCodes.CHECK_FAILED;
        }
        return ExitCodes.OK;
    }
}
