package io.jumpingvpn.chaos.runner;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jumpingvpn.chaos.history.HistoryFiles;
import io.jumpingvpn.chaos.history.RunInfo;
import io.jumpingvpn.chaos.node.ChaosPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Optional;

/**
 * Writes {@code run.json}: the fields of the history format ({@link RunInfo}, written by {@link HistoryFiles}) plus what
 * the runner adds for people (the checker ignores unknown fields): {@code skipped_nemeses} (kind → why it could not
 * run here) and {@code runner} (racers, phases, the policy, the planned faults). Replaced as a whole each time.
 */
final class RunManifest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunManifest() {}

    static RunInfo info(RunPlan plan, long startMonoNs, long endMonoNs) {
        var settings = plan.settings();
        var nemeses = new ArrayList<String>();
        plan.enabled().forEach(kind -> nemeses.add(kind.id()));
        return new RunInfo(
                settings.seed(),
                settings.nodeIds(),
                settings.agents() + settings.racers(),
                nemeses,
                settings.lease().toMillis(),
                plan.livenessBound().toMillis(),
                RunInfo.DEFAULT_PENDING_GRACE_MS,
                startMonoNs,
                endMonoNs,
                settings.redis().id(),
                settings.unsafe().map(mode -> mode.id()));
    }

    static void write(Path dir, RunPlan plan, long startMonoNs, long endMonoNs) throws IOException {
        requireNonNull(dir, "dir");
        HistoryFiles.writeRun(dir, info(plan, startMonoNs, endMonoNs));
        var file = dir.resolve(HistoryFiles.RUN);
        var json = (ObjectNode) JSON.readTree(Files.readString(file));
        var skipped = json.putObject("skipped_nemeses");
        plan.skipped().forEach((kind, why) -> skipped.put(kind.id(), why));
        var runner = json.putObject("runner");
        var settings = plan.settings();
        runner.put("real_agents", settings.agents());
        runner.put("racers", settings.racers());
        runner.put("duration_ms", settings.duration().toMillis());
        runner.put("warmup_ms", plan.warmup().toMillis());
        runner.put("fault_phase_ms", plan.phaseEndMs() - plan.phaseStartMs());
        runner.put("quiet_ms", plan.quiet().toMillis());
        runner.put(
                "recovery_attempt_ms",
                ChaosPolicy.recoveryAttempt(plan.policy()).toMillis());
        runner.put("partition_policy", settings.partitionPolicy().name().toLowerCase(java.util.Locale.ROOT));
        runner.put("network_namespaces", plan.namespaces());
        var policy = runner.putObject("policy");
        plan.policy().toMap().forEach(policy::put);
        var faults = runner.putArray("faults_planned");
        for (var fault : plan.faults()) {
            var entry = faults.addObject();
            entry.put("id", fault.id());
            entry.put("kind", fault.kind().id());
            entry.put("target", fault.target());
            entry.put("start_ms", fault.startMs());
            entry.put("length_ms", fault.lengthMs());
            if (fault.amount() != 0) {
                entry.put("amount", fault.amount());
            }
        }
        var temporary = dir.resolve(HistoryFiles.RUN + ".tmp");
        Files.writeString(
                temporary,
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n",
                StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The extra object {@code skipped_nemeses} of a run directory's run.json, if it has one. */
    static Optional<ObjectNode> skipped(Path dir) throws IOException {
        var json = JSON.readTree(Files.readString(dir.resolve(HistoryFiles.RUN)));
        return json.get("skipped_nemeses") instanceof ObjectNode node ? Optional.of(node) : Optional.empty();
    }
}
