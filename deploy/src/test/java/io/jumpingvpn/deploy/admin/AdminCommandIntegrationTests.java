package io.jumpingvpn.deploy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jumpingvpn.deploy.cli.ExitCodes;
import io.jumpingvpn.gateway.admin.AdminApiServer;
import io.jumpingvpn.gateway.admin.AdminTokens;
import io.jumpingvpn.gateway.testing.GatewayFixture;
import io.jumpingvpn.protocol.wire.Terminate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jvpn admin} against a real node's admin API on loopback: readable text, JSON, exit codes, errors. */
class AdminCommandIntegrationTests {

    private static final String TOKEN = "cli-token-0123456789abcdef";

    @TempDir
    Path temp;

    private GatewayFixture fixture;
    private AdminApiServer api;
    private Path tokens;

    /** What one run of the command printed, and its exit code. */
    private record Run(int exit, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        fixture = GatewayFixture.start(temp);
        tokens = temp.resolve("admin.tokens");
        Files.writeString(tokens, "# the operators\nops " + TOKEN + "\n");
        api = AdminApiServer.start(new InetSocketAddress("127.0.0.1", 0), AdminTokens.load(tokens), fixture.gateway);
    }

    @AfterEach
    void stop() {
        api.close();
        fixture.close();
    }

    private Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var command = new CommandLine(new AdminCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .setExecutionExceptionHandler((error, cmd, parsed) -> {
                    cmd.getErr().println(error.getMessage());
                    return ExitCodes.USER_ERROR;
                });
        var full = new String[args.length + 4];
        full[0] = "--api";
        full[1] = "127.0.0.1:" + api.port();
        full[2] = "--token-file";
        full[3] = tokens.toString();
        System.arraycopy(args, 0, full, 4, args.length);
        int exit = command.execute(full);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void sessionsAndNodesArePrintedAsTablesAndAsJson() throws Exception {
        try (var agent = fixture.udpAgent()) {
            agent.attach();
            var id = agent.sessionId();

            var sessions = run("sessions");
            assertThat(sessions.exit()).isZero();
            assertThat(sessions.out())
                    .contains("1 session")
                    .contains("ID")
                    .contains(id)
                    .contains("ATTACHED");

            var json = run("--json", "sessions", "--cluster");
            assertThat(json.exit()).isZero();
            var tree = new ObjectMapper().readTree(json.out());
            assertThat(tree.get("sessions").get(0).get("id").asText()).isEqualTo(id);

            var one = run("session", id);
            assertThat(one.out()).contains("here:  ATTACHED v1").contains("store: ATTACHED v1");

            var nodes = run("nodes");
            assertThat(nodes.out()).contains("gw-test").contains("yes").contains("(this node)");
        }
    }

    @Test
    void actionsSayWhatTheyDidAndRefusalsExitOne() throws Exception {
        try (var agent = fixture.udpAgent()) {
            agent.attach();
            var id = agent.sessionId();

            var terminated = run("--operator", "alice", "terminate", id);
            assertThat(terminated.exit()).isZero();
            assertThat(terminated.out()).isEqualTo("terminated " + id + " with OPERATOR_TERMINATE at v2\n");
            assertThat(agent.expectMessage(Terminate.class, Duration.ofSeconds(10))
                            .code()
                            .name())
                    .isEqualTo("OPERATOR_TERMINATE");

            var again = run("terminate", id);
            assertThat(again.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
            assertThat(again.err()).contains("admin terminate: ").contains("INVALID_STATE");

            var failover = run("failover", "gw-test");
            assertThat(failover.exit()).isEqualTo(ExitCodes.CHECK_FAILED);
            assertThat(failover.err()).contains("does not fail itself over");

            var migrate = run("migrate", "--to", "gw-other", "--share", "1");
            assertThat(migrate.exit()).isZero();
            assertThat(migrate.out()).startsWith("0 of 0 sessions moved to gw-other");
        }
    }

    @Test
    void aWrongTokenOrNoTokenFileIsABadInvocation() throws Exception {
        var wrong = temp.resolve("wrong.tokens");
        Files.writeString(wrong, "not-the-token-0123456789\n");
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = new CommandLine(new AdminCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute("--api", "127.0.0.1:" + api.port(), "--token-file", wrong.toString(), "nodes");
        assertThat(exit).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(err.toString()).contains("bearer token");

        var missing = run("--as", "nobody", "nodes");
        assertThat(missing.exit()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(missing.err()).contains("has no token named nobody");
    }
}
