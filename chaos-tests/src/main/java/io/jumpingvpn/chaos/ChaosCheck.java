package io.jumpingvpn.chaos;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.chaos.checker.Checker;
import io.jumpingvpn.chaos.history.HistoryReader;
import io.jumpingvpn.chaos.report.ReportFiles;
import io.jumpingvpn.chaos.report.ReportText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jvpn chaos check DIR}: reads the history in a run directory, decides every invariant, and writes
 * {@code DIR/report.json} and {@code DIR/report.html}.
 *
 * <p>Exit codes of {@link #main}: 0 valid, 1 invalid (a violation, an undecided invariant or an unreadable history),
 * 2 nothing could be checked.
 */
public final class ChaosCheck {

    private ChaosCheck() {}

    public static CheckOutcome check(Path dir) {
        requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            return new CheckOutcome.Failed("run directory " + dir + " does not exist or is not a directory");
        }
        var result = new Checker().check(new HistoryReader().read(dir));
        try {
            ReportFiles.write(dir, result);
        } catch (IOException e) {
            return new CheckOutcome.Failed("cannot write the reports into " + dir + ": " + e.getMessage());
        }
        var json = dir.resolve(ReportFiles.JSON);
        var html = dir.resolve(ReportFiles.HTML);
        var summary = ReportText.render(result) + "  reports: " + json + ", " + html + "\n";
        return new CheckOutcome.Checked(result, json, html, summary);
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ChaosCheck DIR");
            System.exit(2);
        }
        var outcome = check(Path.of(args[0]));
        switch (outcome) {
            case CheckOutcome.Checked checked -> {
                System.out.print(checked.summary());
                System.exit(checked.valid() ? 0 : 1);
            }
            case CheckOutcome.Failed failed -> {
                System.err.print(failed.summary());
                System.exit(2);
            }
        }
    }
}
