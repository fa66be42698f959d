package io.jumpingvpn.deploy.admin;

import io.jumpingvpn.deploy.cli.DurationConverter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The subcommands of {@code jvpn admin}, one per endpoint of the admin API (docs/admin.md). */
final class AdminSubcommands {

    private AdminSubcommands() {}

    @Command(
            name = "sessions",
            mixinStandardHelpOptions = true,
            description = "List sessions: this node's, or the store's.")
    static final class Sessions implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--cluster", description = "The store's sessions (every node's, tombstones included).")
        boolean cluster;

        @Option(names = "--owner", paramLabel = "NODE", description = "Only those owned by NODE (with --cluster).")
        String owner;

        @Option(names = "--limit", paramLabel = "N", description = "At most N (with --cluster; default 1000).")
        Integer limit;

        @Override
        public Integer call() {
            var query = new StringBuilder(cluster || owner != null ? "?scope=cluster" : "?scope=node");
            if (owner != null) {
                query.append("&owner=").append(URLEncoder.encode(owner, StandardCharsets.UTF_8));
            }
            if (limit != null) {
                query.append("&limit=").append(limit);
            }
            return admin.call(spec, client -> client.get("/v1/sessions" + query), AdminText::sessions);
        }
    }

    @Command(
            name = "session",
            mixinStandardHelpOptions = true,
            description = "Inspect one session, here and in the store.")
    static final class Session implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The session id.")
        String id;

        @Override
        public Integer call() {
            return admin.call(spec, client -> client.get("/v1/sessions/" + path(id)), AdminText::session);
        }
    }

    @Command(
            name = "terminate",
            mixinStandardHelpOptions = true,
            description = "Terminate a session (its agent is told).")
    static final class Terminate implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The session id.")
        String id;

        @Option(
                names = "--code",
                defaultValue = "OPERATOR_TERMINATE",
                description = "Termination code (default ${DEFAULT-VALUE}).")
        String code;

        @Override
        public Integer call() {
            return admin.call(
                    spec,
                    client -> client.post("/v1/sessions/" + path(id) + "/terminate", Map.of("code", code)),
                    AdminText::terminated);
        }
    }

    @Command(
            name = "drain",
            mixinStandardHelpOptions = true,
            description = {
                "Drain the node: agents are sent to live peers, what stays is transferred; it then refuses new",
                "sessions until restarted. Answers when the drain is over."
            })
    static final class Drain implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--grace",
                defaultValue = "10s",
                converter = DurationConverter.class,
                description = "How long the drain may take (default ${DEFAULT-VALUE}).")
        Duration grace;

        @Override
        public Integer call() {
            return admin.call(
                    spec, client -> client.post("/v1/drain", Map.of("grace_ms", grace.toMillis())), AdminText::drain);
        }
    }

    @Command(
            name = "migrate",
            mixinStandardHelpOptions = true,
            description = "Move sessions (the named ones, or a share of this node's) to another live node.")
    static final class Migrate implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--to", required = true, paramLabel = "NODE", description = "The target node.")
        String target;

        @Option(names = "--share", paramLabel = "F", description = "Move this fraction (0..1] of the node's sessions.")
        Double share;

        @Parameters(arity = "0..*", paramLabel = "ID", description = "Sessions to move.")
        List<String> ids;

        @Override
        public Integer call() {
            if ((share == null) == (ids == null || ids.isEmpty())) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "give either session ids or --share F, not both and not neither");
            }
            var body = new LinkedHashMap<String, Object>();
            body.put("target", target);
            if (share != null) {
                body.put("share", share);
            } else {
                body.put("sessions", ids);
            }
            return admin.call(spec, client -> client.post("/v1/migrate", body), AdminText::migration);
        }
    }

    @Command(
            name = "failover",
            mixinStandardHelpOptions = true,
            description = "Take over the sessions of a dead node (refused while its lease is alive).")
    static final class Failover implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NODE", description = "The dead node's id.")
        String node;

        @Override
        public Integer call() {
            return admin.call(spec, client -> client.post("/v1/failover", Map.of("node", node)), AdminText::failover);
        }
    }

    @Command(
            name = "nodes",
            mixinStandardHelpOptions = true,
            description = "List the nodes, their leases and endpoints.")
    static final class Nodes implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return admin.call(spec, client -> client.get("/v1/nodes"), AdminText::nodes);
        }
    }

    @Command(
            name = "members",
            mixinStandardHelpOptions = true,
            description = {
                "Show the membership list the node routes by; with --set, replace it (sticky routing): the node hands",
                "every session whose owner is now another member to that member (docs/cluster.md, Sticky routing)."
            })
    static final class Members implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--set",
                split = ",",
                paramLabel = "ID=udp://HOST:PORT;tcp://HOST:PORT;admin://HOST:PORT",
                description = "The new list, every member (comma-separated or repeated).")
        List<String> members;

        @Override
        public Integer call() {
            if (members == null || members.isEmpty()) {
                return admin.call(spec, client -> client.get("/v1/members"), AdminText::members);
            }
            return admin.call(
                    spec, client -> client.post("/v1/members", Map.of("members", members)), AdminText::membersSet);
        }
    }

    private static String path(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
