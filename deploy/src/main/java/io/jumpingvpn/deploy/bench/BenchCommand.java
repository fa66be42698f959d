package io.jumpingvpn.deploy.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jvpn bench}: the group of benchmarks. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run a benchmark; each prints progress and ends with one JSON object on the last line of stdout.",
        subcommands = {
            StoreBenchCommand.class,
            ReattachBenchCommand.class,
            DataPlaneBenchCommand.class,
            GapBenchCommand.class,
            ClusterReattachBenchCommand.class,
            IdleLoadBenchCommand.class,
            NodeFailureBenchCommand.class
        })
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a benchmark (see jvpn bench --help)");
    }
}
