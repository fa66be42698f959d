package io.jumpingvpn.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.testkit.redis.RedisServer;
import io.jumpingvpn.testkit.redis.SharedRedis;
import io.jumpingvpn.testkit.redis.internal.Ports;
import io.jumpingvpn.testkit.resp.RespClient;
import io.jumpingvpn.testkit.resp.RespValue;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyIntegrationTests {

    private static final RespValue PONG = new RespValue.SimpleString("PONG");
    private static final Duration SHORT = Duration.ofMillis(300);

    private final RedisServer redis = SharedRedis.standalone();
    private FaultProxy proxy;

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.start(redis.host(), redis.port());
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Test
    void passForwardsBothWaysAndCounts() throws IOException {
        try (RespClient client = throughProxy()) {
            assertThat(client.call("PING")).isEqualTo(PONG);
        }

        FaultProxy.Stats stats = proxy.stats();
        assertThat(stats.accepted()).isEqualTo(1);
        assertThat(stats.upstreamBytes()).isEqualTo("*1\r\n$4\r\nPING\r\n".length());
        assertThat(stats.downstreamBytes()).isEqualTo("+PONG\r\n".length());
        assertThat(proxy.mode()).isEqualTo(FaultMode.PASS);
    }

    @Test
    void blackholeKeepsConnectionsOpenButSilentUntilHealed() throws IOException {
        try (RespClient client = throughProxy()) {
            assertThat(client.call("PING")).isEqualTo(PONG);
            proxy.setMode(FaultMode.BLACKHOLE);
            client.replyTimeout(SHORT);

            assertThatThrownBy(() -> client.call("PING")).isInstanceOf(SocketTimeoutException.class);
            try (RespClient late = throughProxy()) {
                late.replyTimeout(SHORT);
                assertThatThrownBy(() -> late.call("PING")).isInstanceOf(SocketTimeoutException.class);
                assertThat(proxy.stats().open()).isEqualTo(2);
            }

            proxy.setMode(FaultMode.PASS);
            client.replyTimeout(Duration.ofSeconds(5));
            // held, not lost: the PING sent into the black hole is answered once it heals
            assertThat(client.read()).isEqualTo(PONG);
        }
    }

    @Test
    void dropRepliesRunsTheCommandButLosesItsReply() throws IOException {
        String key = "fault-proxy:" + UUID.randomUUID();
        try (RespClient client = throughProxy()) {
            proxy.setMode(FaultMode.DROP_REPLIES);
            client.replyTimeout(SHORT);

            client.send("SET", key, "committed");
            assertThatThrownBy(client::read).isInstanceOf(SocketTimeoutException.class);
        }

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(redis.command("GET", key)).isEqualTo(RespValue.bulk("committed")));
        assertThat(proxy.stats().droppedBytes()).isEqualTo("+OK\r\n".length());
        assertThat(proxy.stats().downstreamBytes()).isZero();
    }

    @Test
    void delayAddsAtLeastTheDelayEachWay() throws IOException {
        Duration delay = Duration.ofMillis(200);
        try (RespClient client = throughProxy()) {
            proxy.setMode(FaultMode.delay(delay));

            long start = System.nanoTime();
            assertThat(client.call("PING")).isEqualTo(PONG);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(elapsed).isGreaterThanOrEqualTo(delay.multipliedBy(2));
        }
    }

    @Test
    void resetAbortsOpenConnectionsAndRefusesNewOnes() throws IOException {
        try (RespClient client = throughProxy()) {
            assertThat(client.call("PING")).isEqualTo(PONG);

            proxy.setMode(FaultMode.RESET);

            assertThatThrownBy(() -> client.call("PING")).isInstanceOf(IOException.class);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(proxy.stats().open()).isZero());
        }
        // accepted and reset at once: the reset may hit the connect itself or the first command
        assertThatThrownBy(() -> {
                    try (RespClient refused = throughProxy()) {
                        refused.call("PING");
                    }
                })
                .isInstanceOf(IOException.class);
        assertThat(proxy.stats().refused()).isEqualTo(1);

        proxy.setMode(FaultMode.PASS);
        try (RespClient client = throughProxy()) {
            assertThat(client.call("PING")).isEqualTo(PONG);
        }
    }

    @Test
    void anUnreachableTargetLooksLikeAReset() {
        try (FaultProxy nowhere = FaultProxy.start("127.0.0.1", Ports.freeLoopbackPort())) {
            // the reset may hit the connect itself or the first command
            assertThatThrownBy(() -> {
                        try (RespClient client =
                                RespClient.connect(nowhere.host(), nowhere.port(), Duration.ofSeconds(5))) {
                            client.call("PING");
                        }
                    })
                    .isInstanceOf(IOException.class);
            assertThat(nowhere.stats().upstreamFailures()).isEqualTo(1);
        }
    }

    @Test
    void closeEndsConnectionsAndStopsListening() throws IOException {
        RespClient client = throughProxy();
        assertThat(client.call("PING")).isEqualTo(PONG);
        proxy.setMode(FaultMode.BLACKHOLE);

        proxy.close();

        assertThatThrownBy(() -> client.call("PING")).isInstanceOf(IOException.class);
        assertThatThrownBy(this::throughProxy).isInstanceOf(ConnectException.class);
        assertThat(proxy.stats().open()).isZero();
        client.close();
    }

    private RespClient throughProxy() throws IOException {
        return RespClient.connect(proxy.host(), proxy.port(), Duration.ofSeconds(5));
    }
}
