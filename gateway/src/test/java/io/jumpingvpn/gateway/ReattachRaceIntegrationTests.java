package io.jumpingvpn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.gateway.testing.GatewayFixture;
import io.jumpingvpn.gateway.testing.TestAgent;
import io.jumpingvpn.protocol.RejectCode;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two reattaches of one session at the same version, from two sockets at once: exactly one commit wins. */
class ReattachRaceIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int ROUNDS = 6;

    @TempDir
    Path temp;

    @Test
    void exactlyOneOfTwoConcurrentReattachesIsAcceptedAndTheOtherIsOwnershipConflict() throws Exception {
        var policy = GatewayFixture.steady(Map.of("SWITCH_COOLDOWN_MS", "0", "MAX_SWITCHES_PER_MIN", "600"));
        try (var fixture = GatewayFixture.start(temp, b -> b.policy(policy).flood(GatewayFixture.lenientFlood()));
                var first = fixture.udpAgent();
                var second = TestAgent.udp(fixture.udp(), fixture.agentKeys);
                var pool = Executors.newFixedThreadPool(2)) {
            first.attach();
            var session = first.sessionId();
            long version = 1;
            long nonce = 0;
            for (int round = 0; round < ROUNDS; round++) {
                var a = first.reattachRequest(session, version, ++nonce);
                var b = second.reattachRequest(session, version, ++nonce);
                var go = new CountDownLatch(1);
                var replyA = CompletableFuture.supplyAsync(() -> awaitGo(go, () -> first.reattach(a, WAIT)), pool);
                var replyB = CompletableFuture.supplyAsync(() -> awaitGo(go, () -> second.reattach(b, WAIT)), pool);
                go.countDown();
                var outcomes = new ArrayList<ReplyOutcome>();
                outcomes.add(replyA.get(30, TimeUnit.SECONDS));
                outcomes.add(replyB.get(30, TimeUnit.SECONDS));

                long winnerVersion = version + 2;
                assertThat(outcomes)
                        .filteredOn(ReplyOutcome.Established.class::isInstance)
                        .hasSize(1);
                assertThat(outcomes)
                        .filteredOn(ReplyOutcome.Rejected.class::isInstance)
                        .singleElement()
                        .isEqualTo(new ReplyOutcome.Rejected(
                                RejectCode.OWNERSHIP_CONFLICT, OptionalLong.of(winnerVersion)));
                var record = fixture.record(session);
                assertThat(record.version()).isEqualTo(winnerVersion);

                var winner = outcomes.get(0) instanceof ReplyOutcome.Established ? first : second;
                assertThat(record.binding().peer())
                        .endsWith(":" + winner.localAddress().getPort());
                var payload = ("round " + round).getBytes();
                winner.sendData(payload);
                assertThat(winner.expectData(WAIT)).isEqualTo(payload);
                version = winnerVersion;
            }
            assertThat(fixture.record(session).version()).isEqualTo(1 + 2L * ROUNDS);
        }
    }

    private static ReplyOutcome awaitGo(CountDownLatch go, Supplier<ReplyOutcome> send) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return send.get();
    }
}
