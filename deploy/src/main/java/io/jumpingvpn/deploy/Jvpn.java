package io.jumpingvpn.deploy;

import io.jumpingvpn.deploy.admin.AdminCommand;
import io.jumpingvpn.deploy.agent.AgentCommand;
import io.jumpingvpn.deploy.bench.BenchCommand;
import io.jumpingvpn.deploy.chaos.ChaosCommand;
import io.jumpingvpn.deploy.cli.ExitCodes;
import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.deploy.demo.DemoCommand;
import io.jumpingvpn.deploy.gateway.GatewayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jvpn} command line. */
@Command(
        name = "jvpn",
        mixinStandardHelpOptions = true,
        versionProvider = JvpnVersion.class,
        description = "Jumping VPN: a clustered VPN gateway in which a session survives the death of its transports.",
        subcommands = {
            DemoCommand.class,
            GatewayCommand.class,
            AgentCommand.class,
            KeygenCommand.class,
            BenchCommand.class,
            ChaosCommand.class,
            AdminCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Jvpn implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command (see jvpn --help)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code; used by tests too. */
    public static int execute(String... args) {
        var commandLine = new CommandLine(new Jvpn());
        commandLine.setExecutionExceptionHandler((error, cmd, parsed) -> {
            var userError = userErrorIn(error);
            if (userError == null) {
                throw error;
            }
            cmd.getErr().println(qualifiedName(cmd) + ": " + userError.getMessage());
            return ExitCodes.USER_ERROR;
        });
        commandLine.setParameterExceptionHandler((error, parsedArgs) -> {
            var cmd = error.getCommandLine();
            cmd.getErr().println(qualifiedName(cmd) + ": " + error.getMessage());
            cmd.getErr().println("Try '" + qualifiedName(cmd) + " --help' for the flags.");
            return ExitCodes.USER_ERROR;
        });
        return commandLine.execute(args);
    }

    private static UserError userErrorIn(Throwable error) {
        for (var t = error; t != null; t = t.getCause()) {
            if (t instanceof UserError userError) {
                return userError;
            }
        }
        return null;
    }

    /** The command as typed, e.g. {@code jvpn bench store}. */
    private static String qualifiedName(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName(" ");
    }
}
