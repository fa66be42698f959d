package io.jumpingvpn.deploy.chaos;

import io.jumpingvpn.chaos.ChaosCheck;
import io.jumpingvpn.chaos.CheckOutcome;
import io.jumpingvpn.deploy.cli.ExitCodes;
import io.jumpingvpn.deploy.cli.UserError;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jvpn chaos check DIR}: re-check a run directory from its history files alone. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Check the history files of a chaos run against the invariants (no dual-active binding, monotonic versions,"
                    + " deterministic rejection, explicit termination, liveness after heal).",
            "Writes DIR/report.json and DIR/report.html. Exit code 0 when the run is valid, 1 when it is not."
        })
public final class ChaosCheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The run directory (the --out of a chaos run).")
    Path directory;

    @Override
    public Integer call() {
        return switch (ChaosCheck.check(directory)) {
            case CheckOutcome.Checked checked -> {
                System.out.print(checked.summary());
                yield checked.valid() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
            }
            case CheckOutcome.Failed failed -> throw new UserError(failed.reason());
        };
    }
}
