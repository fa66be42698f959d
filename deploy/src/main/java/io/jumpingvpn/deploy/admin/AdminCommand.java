package io.jumpingvpn.deploy.admin;

import io.jumpingvpn.deploy.cli.DurationConverter;
import io.jumpingvpn.deploy.cli.ExitCodes;
import io.jumpingvpn.deploy.cli.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code jvpn admin}: calls a node's admin API (docs/admin.md) and prints what it answered, readable or as JSON. Exit
 * codes: 0 done, 1 the node refused or could not do it (the reason is printed), 2 bad flags or the API unreachable.
 */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description = {
            "Operate a node through its admin API: list and inspect sessions, terminate one, drain the node,",
            "migrate sessions, fail over a dead node, list the nodes and their leases, show or change the",
            "membership list (sticky routing) (docs/admin.md)."
        },
        subcommands = {
            AdminSubcommands.Sessions.class,
            AdminSubcommands.Session.class,
            AdminSubcommands.Terminate.class,
            AdminSubcommands.Drain.class,
            AdminSubcommands.Migrate.class,
            AdminSubcommands.Failover.class,
            AdminSubcommands.Nodes.class,
            AdminSubcommands.Members.class
        })
public final class AdminCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--api",
            scope = ScopeType.INHERIT,
            defaultValue = "127.0.0.1:9480",
            paramLabel = "HOST:PORT",
            description = "The node's admin API (default ${DEFAULT-VALUE}).")
    String api;

    @Option(
            names = "--token-file",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description =
                    "File of bearer tokens (TOKEN or NAME TOKEN per line); the first is used unless --as names one.")
    Path tokenFile;

    @Option(
            names = "--as",
            scope = ScopeType.INHERIT,
            paramLabel = "NAME",
            description = "Use the token named NAME in the token file.")
    String as;

    @Option(
            names = "--operator",
            scope = ScopeType.INHERIT,
            paramLabel = "NAME",
            description = "Who you are, recorded in the audit trail after the token's name (X-Operator).")
    String operator;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the API's JSON answer instead of text.")
    boolean json;

    @Option(
            names = "--timeout",
            scope = ScopeType.INHERIT,
            defaultValue = "90s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How long to wait for an answer (default ${DEFAULT-VALUE}; a drain answers when it is over).")
    Duration timeout;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand (see jvpn admin --help)");
    }

    /** Calls the API with {@code call}, prints the answer with {@code text} (or as JSON); returns the exit code. */
    int call(
            CommandLine.Model.CommandSpec command,
            Function<AdminClient, AdminClient.Answer> call,
            Function<AdminClient.Answer, String> text) {
        var answer = call.apply(client());
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        if (json) {
            out.println(answer.body().toPrettyString());
        } else if (answer.ok()) {
            out.print(text.apply(answer));
        }
        out.flush();
        if (answer.ok()) {
            return ExitCodes.OK;
        }
        if (!json) {
            err.println(command.qualifiedName(" ") + ": " + answer.error());
            err.flush();
        }
        return answer.status() == 401 ? ExitCodes.USER_ERROR : ExitCodes.CHECK_FAILED;
    }

    private AdminClient client() {
        if (tokenFile == null) {
            throw new UserError("--token-file FILE is required (the admin API's bearer tokens)");
        }
        return new AdminClient(api, token(tokenFile, Optional.ofNullable(as)), Optional.ofNullable(operator), timeout);
    }

    /** The token named {@code name} in {@code file}, or its first token. */
    static String token(Path file, Optional<String> name) {
        java.util.List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("cannot read --token-file " + file + ": " + e.getMessage(), e);
        }
        for (var raw : lines) {
            var line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            var parts = line.split("\\s+");
            var lineName = parts.length == 2 ? parts[0] : "admin";
            var token = parts[parts.length - 1];
            if (name.isEmpty() || name.get().equals(lineName)) {
                return token;
            }
        }
        throw new UserError(name.map(n -> "--token-file " + file + " has no token named " + n)
                .orElse("--token-file " + file + " holds no token"));
    }
}
