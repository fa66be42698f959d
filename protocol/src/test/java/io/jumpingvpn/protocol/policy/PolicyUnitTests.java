package io.jumpingvpn.protocol.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyUnitTests {

    @Test
    void defaultsAreTheBriefs() {
        var expected = new LinkedHashMap<String, String>();
        expected.put("SESSION_MAX_LIFETIME_MS", "28800000");
        expected.put("TRANSPORT_LOST_TTL_MS", "15000");
        expected.put("HEARTBEAT_INTERVAL_MS", "500");
        expected.put("HEARTBEAT_VOLATILE_MS", "2000");
        expected.put("VOLATILE_TO_DEGRADED_MS", "4000");
        expected.put("LOSS_WINDOW_MS", "2000");
        expected.put("LOSS_VOLATILE_THRESHOLD", "0.2");
        expected.put("MAX_CONSECUTIVE_DROPS", "3");
        expected.put("MAX_SWITCHES_PER_MIN", "8");
        expected.put("SWITCH_COOLDOWN_MS", "1500");
        expected.put("RECOVERY_WINDOW_MS", "8000");
        expected.put("REATTACH_PROOF_MAX_AGE_MS", "5000");
        expected.put("REPLAY_WINDOW", "2048");
        expected.put("NODE_LEASE_MS", "5000");
        assertThat(Policy.DEFAULT.toMap()).containsExactlyEntriesOf(expected);

        var policy = Policy.DEFAULT;
        assertThat(policy.sessionMaxLifetime()).isEqualTo(Duration.ofHours(8));
        assertThat(policy.transportLostTtl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.heartbeatVolatile()).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.volatileToDegraded()).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.lossWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.lossVolatileThreshold()).isEqualTo(0.20);
        assertThat(policy.maxConsecutiveDrops()).isEqualTo(3);
        assertThat(policy.maxSwitchesPerMinute()).isEqualTo(8);
        assertThat(policy.switchCooldown()).isEqualTo(Duration.ofMillis(1500));
        assertThat(policy.recoveryWindow()).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.reattachProofMaxAge()).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.replayWindow()).isEqualTo(2048);
        assertThat(policy.nodeLease()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theFastPresetIsValidAndFast() {
        assertThat(Policy.FAST.heartbeatInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(Policy.FAST.heartbeatVolatile()).isEqualTo(Duration.ofMillis(200));
        assertThat(Policy.fromMap(Policy.FAST.toMap())).isEqualTo(Policy.FAST);
    }

    @Test
    void overridesApplyAndRoundTrip() {
        var policy = Policy.fromMap(Map.of(
                "HEARTBEAT_INTERVAL_MS", "250",
                "LOSS_VOLATILE_THRESHOLD", "0.35",
                "REPLAY_WINDOW", " 4096 "));
        assertThat(policy.heartbeatInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(policy.lossVolatileThreshold()).isEqualTo(0.35);
        assertThat(policy.replayWindow()).isEqualTo(4096);
        assertThat(policy.recoveryWindow()).isEqualTo(Policy.DEFAULT.recoveryWindow());
        assertThat(Policy.fromMap(policy.toMap())).isEqualTo(policy);
        assertThat(Policy.FAST
                        .withOverrides(Map.of("RECOVERY_WINDOW_MS", "1000"))
                        .heartbeatInterval())
                .isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void anUnknownKeyIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> Policy.fromMap(Map.of("HEARTBEAT_MS", "5")))
                .isInstanceOfSatisfying(InvalidPolicyException.class, e -> {
                    assertThat(e.key()).isEqualTo("HEARTBEAT_MS");
                    assertThat(e.policyKey()).isEmpty();
                })
                .hasMessageStartingWith("unknown policy key 'HEARTBEAT_MS'; known keys: SESSION_MAX_LIFETIME_MS, ")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "HEARTBEAT_INTERVAL_MS | 5     | policy key HEARTBEAT_INTERVAL_MS = 5 is out of range; allowed 10..60000 ms",
                "HEARTBEAT_INTERVAL_MS | 60001 | policy key HEARTBEAT_INTERVAL_MS = 60001 is out of range; allowed 10..60000 ms",
                "HEARTBEAT_INTERVAL_MS | abc   | policy key HEARTBEAT_INTERVAL_MS = 'abc' is not an integer; allowed 10..60000 ms",
                "HEARTBEAT_INTERVAL_MS | 1.5   | policy key HEARTBEAT_INTERVAL_MS = '1.5' is not an integer; allowed 10..60000 ms",
                "HEARTBEAT_INTERVAL_MS | ''    | policy key HEARTBEAT_INTERVAL_MS = '' is not an integer; allowed 10..60000 ms",
                "LOSS_VOLATILE_THRESHOLD | 0   | policy key LOSS_VOLATILE_THRESHOLD = 0.0 is out of range; allowed 0.01..1.0",
                "LOSS_VOLATILE_THRESHOLD | 1.5 | policy key LOSS_VOLATILE_THRESHOLD = 1.5 is out of range; allowed 0.01..1.0",
                "LOSS_VOLATILE_THRESHOLD | NaN | policy key LOSS_VOLATILE_THRESHOLD = 'NaN' is not a decimal number; allowed 0.01..1.0",
                "REPLAY_WINDOW | 100 | policy key REPLAY_WINDOW = 100 is not a multiple of 64; allowed 64..65536 frames, a multiple of 64",
                "REPLAY_WINDOW | 32  | policy key REPLAY_WINDOW = 32 is out of range; allowed 64..65536 frames, a multiple of 64",
                "MAX_CONSECUTIVE_DROPS | 0 | policy key MAX_CONSECUTIVE_DROPS = 0 is out of range; allowed 1..1000",
                "NODE_LEASE_MS | -1 | policy key NODE_LEASE_MS = -1 is out of range; allowed 300..600000 ms",
            })
    void aBadValueFailsWithOneLineNamingKeyValueAndRange(String key, String value, String message) {
        assertThatThrownBy(() -> Policy.fromMap(Map.of(key, value)))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessage(message);
    }

    @Test
    void rulesBetweenKeysAreChecked() {
        assertThatThrownBy(() -> Policy.fromMap(Map.of("HEARTBEAT_INTERVAL_MS", "1500")))
                .hasMessage("policy key HEARTBEAT_VOLATILE_MS = 2000 is too small; allowed at least 3000 ms"
                        + " (2 x HEARTBEAT_INTERVAL_MS (1500))");
        assertThatThrownBy(() -> Policy.fromMap(Map.of("LOSS_WINDOW_MS", "900")))
                .hasMessageStartingWith("policy key LOSS_WINDOW_MS = 900 is too small; allowed at least 1000 ms");
        assertThatThrownBy(() -> Policy.fromMap(Map.of("TRANSPORT_LOST_TTL_MS", "2000")))
                .isInstanceOfSatisfying(InvalidPolicyException.class, e -> assertThat(e.policyKey())
                        .contains(PolicyKey.TRANSPORT_LOST_TTL_MS))
                .hasMessageContaining("above HEARTBEAT_VOLATILE_MS (2000)");
        assertThatThrownBy(() -> Policy.fromMap(Map.of("RECOVERY_WINDOW_MS", "20000")))
                .hasMessage("policy key RECOVERY_WINDOW_MS = 20000 is too large; allowed at most"
                        + " TRANSPORT_LOST_TTL_MS (15000) ms");
        assertThatThrownBy(() -> Policy.fromMap(Map.of("SESSION_MAX_LIFETIME_MS", "15000")))
                .hasMessageContaining("above TRANSPORT_LOST_TTL_MS (15000)");
        // Fixing both sides of a rule in one map is fine.
        assertThat(Policy.fromMap(Map.of(
                                "HEARTBEAT_INTERVAL_MS",
                                "1500",
                                "HEARTBEAT_VOLATILE_MS",
                                "3000",
                                "LOSS_WINDOW_MS",
                                "3000"))
                        .heartbeatVolatile())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theBuilderValidatesToo() {
        assertThatThrownBy(() ->
                        Policy.builder().set(PolicyKey.REPLAY_WINDOW, 64.5).build())
                .hasMessageContaining("REPLAY_WINDOW = 64.5 is out of range");
        assertThatThrownBy(() -> Policy.builder().set(PolicyKey.REPLAY_WINDOW, Duration.ofSeconds(1)))
                .hasMessageContaining("not a duration");
        assertThat(Policy.builder()
                        .set(PolicyKey.RECOVERY_WINDOW_MS, Duration.ofSeconds(3))
                        .build()
                        .recoveryWindow())
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(PolicyKey.named("NODE_LEASE_MS")).contains(PolicyKey.NODE_LEASE_MS);
    }
}
