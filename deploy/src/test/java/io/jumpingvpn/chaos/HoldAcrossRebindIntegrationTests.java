package io.jumpingvpn.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jumpingvpn.gateway.testing.ClusterFixture;
import io.jumpingvpn.gateway.testing.GatewayFixture;
import io.jumpingvpn.gateway.testing.HistoryLine;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.policy.PolicyKey;
import io.jumpingvpn.protocol.wire.Data;
import io.jumpingvpn.protocol.wire.TransportKind;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-over hole the chaos runner found (docs/chaos.md, "Findings"): a node that took a session over holds it until
 * the previous owner released it or that owner's lease ended, but a reattach of the same session at the new owner
 * itself (a NAT rebinding, or a recovery back to the same node) during that hold ends the hold at once, because that
 * commit records no previous owner. The previous owner may still forward for the rest of its lease: two nodes forward.
 *
 * <p>Two gateway nodes on one in-memory store; the previous owner hears nothing (no watch, no renewals), so only its
 * lease can end its permission. The store now carries a running hand-over across commits that keep the owner, and the
 * gateway holds the rebound link for it.
 */
class HoldAcrossRebindIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    /** Two nodes on one in-memory store with the given node lease; agents may switch at once. */
    private ClusterFixture twoNodes(Duration lease) {
        return ClusterFixture.start(temp, 2, b -> b.nodeLease(lease)
                .leaseSafetyMargin(Duration.ofMillis(300))
                .policy(GatewayFixture.STEADY.toBuilder()
                        .set(PolicyKey.SWITCH_COOLDOWN_MS, 0)
                        .build()));
    }

    @Test
    void aRebindAtTheNewOwnerDuringItsHoldKeepsHoldingUntilThePreviousOwnersLeaseIsOver() {
        try (var cluster = twoNodes(Duration.ofMillis(3_000));
                var first = cluster.agent(cluster.node(0), TransportKind.UDP);
                var second = cluster.agent(cluster.node(1), TransportKind.UDP);
                var rebound = cluster.agent(cluster.node(1), TransportKind.UDP)) {
            var n1 = cluster.node(0);
            var n2 = cluster.node(1);
            first.attach();
            var session = first.sessionId();
            first.sendData(new byte[] {1});
            assertThat(first.expectData(WAIT)).containsExactly(1);

            // n1 hears nothing any more: only the end of its lease ends its permission to forward.
            n1.store().newsLost(true);
            n1.store().renewalsFail(true);
            var taken = second.reattach(second.reattachRequest(session, 1, 1), WAIT);
            assertThat(taken).isInstanceOf(ReplyOutcome.Established.class);
            long version = ((ReplyOutcome.Established) taken).attachment().version();

            // The agent's new transport is rebound at once (a new source port): a reattach at n2, the owner now.
            var rebind = rebound.reattach(rebound.reattachRequest(session, version, 2), WAIT);
            assertThat(rebind).isInstanceOf(ReplyOutcome.Established.class);
            rebound.sendData(new byte[] {2});

            // n1 may forward until its lease proof ends: n2 must still hold, whatever the rebind.
            assertThat(rebound.awaitMessage(Data.class, Duration.ofMillis(300))).isEmpty();
            await().atMost(WAIT).untilAsserted(() -> {
                var binds = HistoryLine.of(n2.historyLines(), "bind", session);
                assertThat(binds).as("n2 forwards once the hold ends").isNotEmpty();
                var bind = binds.getFirst();
                long n1ProofEnd = HistoryLine.of(n1.historyLines()).stream()
                        .filter(line -> line.event().equals("lease"))
                        .mapToLong(HistoryLine::until)
                        .max()
                        .orElseThrow();
                assertThat(bind.monoNs()).isGreaterThan(n1ProofEnd);
            });
        }
    }

    @Test
    void aRebindAfterThePreviousOwnerReleasedTheSessionForwardsAtOnce() {
        try (var cluster = twoNodes(Duration.ofMillis(30_000));
                var first = cluster.agent(cluster.node(0), TransportKind.UDP);
                var second = cluster.agent(cluster.node(1), TransportKind.UDP);
                var rebound = cluster.agent(cluster.node(1), TransportKind.UDP)) {
            var n2 = cluster.node(1);
            first.attach();
            var session = first.sessionId();

            // n1 hears of the take-over and releases it: n2 forwards long before n1's 30-second lease could end.
            var taken = second.reattach(second.reattachRequest(session, 1, 1), WAIT);
            long version = ((ReplyOutcome.Established) taken).attachment().version();
            second.sendData(new byte[] {1});
            assertThat(second.expectData(WAIT)).containsExactly(1);

            // The rebinding carries the hand-over in the store, but the one node it waited for has released it.
            var rebind = rebound.reattach(rebound.reattachRequest(session, version, 2), WAIT);
            assertThat(rebind).isInstanceOf(ReplyOutcome.Established.class);
            assertThat(cluster.record(session).previousOwner()).isPresent();
            rebound.sendData(new byte[] {2});
            assertThat(rebound.expectData(WAIT)).containsExactly(2);
            assertThat(HistoryLine.of(n2.historyLines(), "bind", session)).hasSize(2);
        }
    }
}
