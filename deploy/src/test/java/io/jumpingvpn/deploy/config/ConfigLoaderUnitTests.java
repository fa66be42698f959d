package io.jumpingvpn.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.deploy.store.StoreSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderUnitTests {

    @TempDir
    Path temp;

    private Path yaml(String text) throws Exception {
        var file = temp.resolve("gateway.yaml");
        Files.writeString(file, text);
        return file;
    }

    private static GatewayFile load(Path file) {
        return ConfigLoader.load(Optional.of(file), Map.of(), Map.of());
    }

    @Test
    void withNothingGivenEveryKeyHasItsDefault() {
        var config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());

        assertThat(config.nodeId()).isEqualTo("gw-1");
        assertThat(config.listen()).containsExactly("udp://127.0.0.1:7000", "tcp://127.0.0.1:7000");
        assertThat(config.store()).isEqualTo("memory");
        assertThat(config.admin()).isEqualTo("127.0.0.1:9464");
        assertThat(config.storeTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.redis().commandTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.audit().stdout()).isTrue();
        assertThat(config.audit().syslog().targets()).isEmpty();
        assertThat(config.audit().redisStream().enabled()).isFalse();
        assertThat(config.log().format()).isEqualTo("text");
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheFile() throws Exception {
        var file = yaml("""
                node_id: from-file
                store: redis://127.0.0.1:6379
                audit:
                  syslog:
                    targets: [udp://127.0.0.1:514]
                """);
        var env = Map.of(
                "JVPN_NODE_ID", "from-env",
                "JVPN_STORE", "memory",
                "JVPN_AUDIT_SYSLOG_TARGETS", "tcp://10.0.0.1:601,udp://10.0.0.2:514",
                "JVPN_POLICY", "HEARTBEAT_INTERVAL_MS=250,NODE_LEASE_MS=3000");
        var flags = Map.of("node_id", List.of("from-flag"), "policy", List.of("NODE_LEASE_MS=4000"));

        var config = ConfigLoader.load(Optional.of(file), env, flags);

        assertThat(config.nodeId()).isEqualTo("from-flag");
        assertThat(config.store()).isEqualTo("memory");
        assertThat(config.audit().syslog().targets()).containsExactly("tcp://10.0.0.1:601", "udp://10.0.0.2:514");
        assertThat(config.policy())
                .containsEntry("HEARTBEAT_INTERVAL_MS", "250")
                .containsEntry("NODE_LEASE_MS", "4000");
    }

    @Test
    void anUnknownKeyStopsTheStartWithItsLineAndTheKnownKeys() throws Exception {
        var file = yaml("""
                node_id: gw-1
                audit:
                  syslog:
                    tragets: [udp://127.0.0.1:514]
                """);

        assertThatThrownBy(() -> load(file))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("config " + file + ":4: unknown key 'audit.syslog.tragets'")
                .hasMessageContaining("app_name, facility, format, hostname, targets")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aWrongTypeNamesTheKeyAndWhatIsExpected() throws Exception {
        assertThatThrownBy(() -> load(yaml("audit:\n  queue_capacity: lots\n")))
                .hasMessageContaining(":2: key 'audit.queue_capacity': expected a whole number")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> load(yaml("store_timeout: 2\n")))
                .hasMessageContaining(":1: key 'store_timeout': expected a duration such as 250ms, 2s or 1m");
        assertThatThrownBy(() -> load(yaml("listen: udp://127.0.0.1:7000\n")))
                .hasMessageContaining("key 'listen': expected a list");
    }

    @Test
    void anOutOfRangeValueNamesTheKeyAndTheRange() throws Exception {
        assertThatThrownBy(() -> load(yaml("redis:\n  wait_replicas: 17\n")))
                .hasMessageContaining("key 'redis.wait_replicas': 17 is outside 0..16")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> load(yaml("audit:\n  syslog:\n    format: xml\n")))
                .hasMessageContaining("key 'audit.syslog.format': 'xml' is not one of structured, json");
        assertThatThrownBy(() -> load(yaml("admin: 9464\n")))
                .hasMessageContaining("key 'admin': '9464' is not HOST:PORT or off");
        assertThatThrownBy(() -> load(yaml("admin: localhost\n")))
                .hasMessageContaining("key 'admin': 'localhost' is not HOST:PORT or off");
    }

    @Test
    void stickyRoutingNeedsTheMemoryStoreAndAMembershipListWithThisNode() throws Exception {
        var members = "n1=udp://127.0.0.1:7001;admin://127.0.0.1:9481,n2=udp://127.0.0.1:7002;admin://127.0.0.1:9482";
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).routing())
                .isEqualTo("shared");

        var sticky = ConfigLoader.load(
                Optional.empty(),
                Map.of("JVPN_MEMBERS", members),
                Map.of("routing", List.of("sticky"), "node_id", List.of("n2")));
        assertThat(sticky.routing()).isEqualTo("sticky");
        assertThat(sticky.members()).hasSize(2);

        assertThatThrownBy(() -> load(yaml("node_id: n1\nstore: redis://:secret@127.0.0.1:6379\nrouting: sticky\n"
                        + "members: [n1=udp://127.0.0.1:7001]\n")))
                .hasMessageContaining("key 'routing': sticky routing keeps each node's sessions in its own memory,"
                        + " so key 'store' must be memory, not redis://…")
                .hasMessageNotContaining("secret")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("routing", List.of("sticky"))))
                .hasMessageContaining("key 'members': sticky routing hashes sessions over the membership list");
        assertThatThrownBy(() -> ConfigLoader.load(
                        Optional.empty(),
                        Map.of("JVPN_MEMBERS", members),
                        Map.of("routing", List.of("sticky"), "node_id", List.of("n3"))))
                .hasMessageContaining(
                        "key 'members': sticky routing needs this node (node_id n3) in the membership list");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("JVPN_ROUTING", "hashed"), Map.of()))
                .hasMessage("config environment JVPN_ROUTING: key 'routing': 'hashed' is not one of shared, sticky");
    }

    @Test
    void badOverridesNameTheFlagOrVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("JVPN_MAX_SESSIONS", "many"), Map.of()))
                .hasMessage("config environment JVPN_MAX_SESSIONS: key 'max_sessions': 'many' is not a whole number");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("log.format", List.of("xml"))))
                .hasMessage("config flag --log-format: key 'log.format': 'xml' is not one of text, json");
    }

    @Test
    void brokenYamlAndMissingFilesAreOneLine() throws Exception {
        assertThatThrownBy(() -> load(yaml("node_id: 'unterminated\nlisten: [\n")))
                .hasMessageContaining("not valid YAML")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> load(temp.resolve("missing.yaml"))).hasMessageEndingWith("no such file");
    }

    @Test
    void everyKeyHasAFlagAndAVariableAndIsDocumented() throws Exception {
        var docs = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (var key : ConfigKeys.all()) {
            assertThat(key.flag()).matches("--[a-z0-9-]+");
            assertThat(key.environmentVariable()).matches("JVPN_[A-Z0-9_]+");
            assertThat(docs).as("docs/configuration.md documents " + key.path()).contains("`" + key.path() + "`");
        }
        assertThat(ConfigKeys.find("audit.redis_stream.max_len").orElseThrow().flag())
                .isEqualTo("--audit-redis-stream-max-len");
    }

    @Test
    void theExampleConfigsLoadWithoutConnectingAnywhere() {
        for (var name :
                List.of("single-node.yaml", "cluster-node-1.yaml", "cluster-node-2.yaml", "cluster-node-3.yaml")) {
            var config = load(Path.of("config", name));
            var store = StoreSpec.parse(config.store());
            if (name.startsWith("cluster")) {
                assertThat(store.mode()).isEqualTo("redis-standalone");
                assertThat(config.audit().redisStream().enabled()).isTrue();
                assertThat(config.audit().syslog().targets()).isNotEmpty();
            } else {
                assertThat(store.mode()).isEqualTo("memory");
            }
        }
        var admins = List.of("cluster-node-1.yaml", "cluster-node-2.yaml", "cluster-node-3.yaml").stream()
                .map(name -> load(Path.of("config", name)).admin())
                .distinct()
                .toList();
        assertThat(admins).hasSize(3);
    }
}
