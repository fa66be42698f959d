package io.jumpingvpn.deploy.chaos;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jvpn chaos}: partition chaos runs against a local cluster, and the checker of their histories. */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description =
                "Chaos experiments: run one against a local cluster, check a run's history against the safety invariants.",
        subcommands = {ChaosRunCommand.class, ChaosCheckCommand.class})
public final class ChaosCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a chaos command (see jvpn chaos --help)");
    }
}
