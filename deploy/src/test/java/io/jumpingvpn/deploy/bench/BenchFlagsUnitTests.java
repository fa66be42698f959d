package io.jumpingvpn.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.deploy.bench.dataplane.DataPlaneSettings;
import io.jumpingvpn.deploy.bench.gap.GapSettings;
import io.jumpingvpn.deploy.bench.reattach.ReattachSettings;
import io.jumpingvpn.deploy.bench.rig.RateConverter;
import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Every benchmark setting out of range is refused with one line naming the flag and what is allowed. */
class BenchFlagsUnitTests {

    private static final Duration TEN_S = Duration.ofSeconds(10);
    private static final Duration TWO_S = Duration.ofSeconds(2);

    @Test
    void reattachSettingsNameTheFlagAndItsRange() {
        assertThat(new ReattachSettings(200, 100, TWO_S, TEN_S, TransportKind.UDP).sessions())
                .isEqualTo(200);
        assertRefused(() -> new ReattachSettings(0, 100, TWO_S, TEN_S, TransportKind.UDP), "--sessions", "1 and 20000");
        assertRefused(() -> new ReattachSettings(200, 0.5, TWO_S, TEN_S, TransportKind.UDP), "--rate", "1/s");
        assertRefused(
                () -> new ReattachSettings(200, 100, TWO_S, Duration.ofMillis(100), TransportKind.UDP),
                "--duration",
                "500ms and 5m");
        assertRefused(
                () -> new ReattachSettings(200, 100, Duration.ofMinutes(2), TEN_S, TransportKind.UDP),
                "--warmup",
                "1m");
        assertRefused(
                () -> new ReattachSettings(200, 100, TWO_S, TEN_S, TransportKind.QUIC), "--transport", "udp or tcp");
        assertRefused(
                () -> new ReattachSettings(5, 100, TWO_S, TEN_S, TransportKind.UDP),
                "--sessions",
                "one reattach of a session per 100 ms");
        assertRefused(
                () -> new ReattachSettings(10_000, 100, TWO_S, TEN_S, TransportKind.UDP),
                "--sessions",
                "within a minute");
    }

    @Test
    void dataPlaneSettingsNameTheFlagAndItsRange() {
        assertRefused(() -> new DataPlaneSettings(8, 4, 2, 32, TWO_S, TEN_S, 1), "--payload", "16 bytes");
        assertRefused(() -> new DataPlaneSettings(20_000, 4, 2, 32, TWO_S, TEN_S, 1), "--payload", "16256");
        assertRefused(() -> new DataPlaneSettings(1200, 0, 1, 32, TWO_S, TEN_S, 1), "--flows", "1 and 256");
        assertRefused(() -> new DataPlaneSettings(1200, 4, 5, 32, TWO_S, TEN_S, 1), "--client-threads", "--flows (4)");
        assertRefused(() -> new DataPlaneSettings(1200, 4, 2, 0, TWO_S, TEN_S, 1), "--window", "1 and 1024");
        assertRefused(() -> new DataPlaneSettings(1200, 4, 2, 32, TWO_S, Duration.ofMinutes(6), 1), "--duration", "5m");
        assertRefused(() -> new DataPlaneSettings(1200, 4, 2, 32, TWO_S, TEN_S, 0), "--rounds", "1 and 20");
    }

    @Test
    void gapSettingsNameTheFlagAndItsRange() {
        var interval = Duration.ofMillis(2);
        var settle = Duration.ofMillis(700);
        assertRefused(() -> new GapSettings(0, TransportKind.UDP, interval, 64, settle), "--runs", "1 and 25");
        assertRefused(() -> new GapSettings(26, TransportKind.UDP, interval, 64, settle), "--runs", "1 and 25");
        assertRefused(() -> new GapSettings(5, TransportKind.QUIC, interval, 64, settle), "--transport", "udp or tcp");
        assertRefused(
                () -> new GapSettings(5, TransportKind.UDP, Duration.ofSeconds(1), 64, settle), "--interval", "100ms");
        assertRefused(() -> new GapSettings(5, TransportKind.UDP, interval, 4, settle), "--payload", "8 and 1400");
        assertRefused(
                () -> new GapSettings(5, TransportKind.UDP, interval, 64, Duration.ofMillis(50)), "--settle", "200ms");
    }

    @Test
    void ratesAndTransportsAreReadAsTyped() {
        var rates = new RateConverter();
        assertThat(rates.convert("200/s")).isEqualTo(200.0);
        assertThat(rates.convert("12.5")).isEqualTo(12.5);
        assertThatThrownBy(() -> rates.convert("fast"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'fast' is not a rate (use e.g. 200/s)");
        var transports = new TransportOption();
        assertThat(transports.convert("tcp")).isEqualTo(TransportKind.TCP);
        assertThatThrownBy(() -> transports.convert("quic"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'quic' is not a transport (use udp or tcp)");
    }

    private static void assertRefused(Runnable settings, String flag, String allowed) {
        assertThatThrownBy(settings::run)
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith(flag)
                .hasMessageContaining(allowed)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
