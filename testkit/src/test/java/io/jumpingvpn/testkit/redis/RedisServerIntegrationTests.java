package io.jumpingvpn.testkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jumpingvpn.testkit.resp.RespClient;
import io.jumpingvpn.testkit.resp.RespValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedisServerIntegrationTests {

    private static final RedisOptions AOF =
            RedisOptions.builder().persistence(Persistence.AOF).build();

    @Test
    void startsOnALoopbackPortAndAnswersPing() {
        try (RedisServer server = RedisServer.start()) {
            assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
            assertThat(server.command("PING")).isEqualTo(new RespValue.SimpleString("PONG"));
            assertThat(server.role()).isEqualTo("master");
            assertThat(processAlive(server.pid())).isTrue();
            assertThat(server.logFile()).exists();
            assertThat(server.servers()).containsExactly(server);
        }
    }

    @Test
    void closeKillsTheProcessAndDeletesItsDirectory() {
        RedisServer server = RedisServer.start();
        long pid = server.pid();

        server.close();

        assertThat(processAlive(pid)).isFalse();
        assertThat(server.workDir()).doesNotExist();
        assertThat(server.ping()).isFalse();
        assertThatThrownBy(server::stop)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        server.close();
    }

    @Test
    void stopEndsTheProcessGracefully() {
        try (RedisServer server = RedisServer.start()) {
            long pid = server.pid();

            server.stop();

            assertThat(server.isRunning()).isFalse();
            assertThat(processAlive(pid)).isFalse();
            assertThat(server.logTail(20)).contains("ready to exit");
            assertThat(server.ping()).isFalse();
            server.stop();
        }
    }

    @Test
    void killEndsTheProcessAtOnce() {
        try (RedisServer server = RedisServer.start()) {
            long pid = server.pid();

            server.kill();

            assertThat(processAlive(pid)).isFalse();
            assertThat(server.logTail(20)).doesNotContain("ready to exit");
            assertThatThrownBy(() -> server.command("PING")).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void pauseSilencesTheServerUntilResumed() throws IOException {
        try (RedisServer server = RedisServer.start();
                RespClient client = server.connect()) {
            server.pause();
            assertThat(server.isPaused()).isTrue();
            client.replyTimeout(Duration.ofMillis(300));

            assertThatThrownBy(() -> client.call("PING")).isInstanceOf(SocketTimeoutException.class);

            server.resume();
            assertThat(server.isPaused()).isFalse();
            client.replyTimeout(Duration.ofSeconds(5));
            // the PING sent while paused was queued, not lost: its reply comes first
            assertThat(client.read()).isEqualTo(new RespValue.SimpleString("PONG"));
            assertThat(client.call("ECHO", "back")).isEqualTo(RespValue.bulk("back"));
        }
    }

    @Test
    void aPausedServerCanStillBeStopped() {
        try (RedisServer server = RedisServer.start()) {
            long pid = server.pid();
            server.pause();

            server.stop();

            assertThat(processAlive(pid)).isFalse();
        }
    }

    @Test
    void restartAfterKillKeepsAppendOnlyDataOnTheSamePort() {
        try (RedisServer server = RedisServer.start(AOF)) {
            int port = server.port();
            long pid = server.pid();
            assertThat(server.command("SET", "session:1", "owner-a").isOk()).isTrue();

            server.kill();
            server.restart(true);

            assertThat(server.port()).isEqualTo(port);
            assertThat(server.pid()).isNotEqualTo(pid);
            assertThat(server.command("GET", "session:1")).isEqualTo(RespValue.bulk("owner-a"));
        }
    }

    @Test
    void restartAfterGracefulStopKeepsRdbData() {
        try (RedisServer server = RedisServer.start(
                RedisOptions.builder().persistence(Persistence.RDB).build())) {
            server.command("SET", "k", "v");

            server.restart(true);

            assertThat(server.command("GET", "k")).isEqualTo(RespValue.bulk("v"));
        }
    }

    @Test
    void restartWithoutDataComesBackEmpty() {
        try (RedisServer server = RedisServer.start(AOF)) {
            server.command("SET", "k", "v");
            assertThat(server.dbSize()).isEqualTo(1);

            server.restart(false);

            assertThat(server.dbSize()).isZero();
            assertThat(server.command("GET", "k").isNull()).isTrue();
        }
    }

    @Test
    void restartWithDataIsRefusedWithoutPersistence() {
        try (RedisServer server = RedisServer.start()) {
            assertThatThrownBy(() -> server.restart(true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Persistence.NONE");
            assertThat(server.ping()).isTrue();
        }
    }

    @Test
    void restartWaitsForItsPortToBeReleased() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            server.stop();
            ServerSocket squatter = new ServerSocket();
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            CompletableFuture<Void> release = CompletableFuture.runAsync(
                    () -> closeQuietly(squatter), CompletableFuture.delayedExecutor(700, TimeUnit.MILLISECONDS));

            server.restart(false);

            assertThat(release).isDone();
            assertThat(server.ping()).isTrue();
        }
    }

    @Test
    void aServerThatCannotStartReportsItsOwnWords() {
        RedisOptions broken =
                RedisOptions.builder().config("maxmemory-policy no-such-policy").build();

        assertThatThrownBy(() -> RedisServer.start(broken))
                .isInstanceOf(RedisFixtureException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("maxmemory-policy");
    }

    @Test
    void theSharedServerIsOneProcessThatCannotBeStopped() {
        RedisServer shared = SharedRedis.standalone();

        assertThat(SharedRedis.standalone()).isSameAs(shared);
        assertThat(shared.ping()).isTrue();
        assertThatThrownBy(shared::stop).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(shared::kill).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(shared::pause).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> shared.restart(false)).isInstanceOf(UnsupportedOperationException.class);
        shared.close();
        assertThat(shared.ping()).isTrue();
        assertThat(Files.exists(shared.workDir())).isTrue();
    }

    private static boolean processAlive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isPresent() && handle.get().isAlive();
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
