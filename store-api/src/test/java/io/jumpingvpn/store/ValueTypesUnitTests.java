package io.jumpingvpn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The identifiers, the binding, keys, leases and the request records: each refuses what it cannot stand for. */
class ValueTypesUnitTests {

    private static final NodeRef NODE = new NodeRef(new NodeId("gw-1"), 1);
    private static final SessionId SESSION = new SessionId("AAAAAAAAAAAAAAAAAAAAAA");
    private static final RequestId REQUEST = new RequestId("req-1");

    @Test
    void identifiersAcceptTheirClosedAlphabet() {
        assertThat(new NodeId("gw-1.eu_west").value()).isEqualTo("gw-1.eu_west");
        assertThat(new SessionId("a".repeat(64)).toString()).hasSize(64);
        assertThat(new RequestId("X-9").toString()).isEqualTo("X-9");
    }

    @Test
    void identifiersRefuseAnythingElseWithAPrintableMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NodeId(""))
                .withMessage("node id must be 1 to 64 characters of [A-Za-z0-9._-], got ''");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SessionId("a".repeat(65)))
                .withMessageStartingWith("session id must be");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RequestId("a b"))
                .withMessageContaining("got 'a b'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NodeId("{tag}"))
                .withMessageContaining("node id");
        // Control characters never reach a log line as they are.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NodeId("evil\nline"))
                .withMessageContaining("got 'evil?line'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NodeId("x".repeat(200)))
                .withMessageContaining("...");
        assertThatNullPointerException().isThrownBy(() -> new NodeId(null)).withMessage("node id");
    }

    @Test
    void aBindingParsesItsOwnForm() {
        var binding = Binding.parse("quic://[2001:db8::1]:443");

        assertThat(binding.transport()).isEqualTo("quic");
        assertThat(binding.peer()).isEqualTo("[2001:db8::1]:443");
        assertThat(Binding.parse(binding.toString())).isEqualTo(binding);
    }

    @Test
    void aBindingRefusesMalformedText() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Binding.parse("198.51.100.7:51820"))
                .withMessageContaining("transport://host:port");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Binding.parse("UDP://198.51.100.7:1"))
                .withMessageContaining("transport");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Binding.parse("udp://"))
                .withMessageContaining("peer");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Binding("udp", "a b"))
                .withMessageContaining("without spaces");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Binding("udp", "x".repeat(256)))
                .withMessageContaining("1 to 255");
    }

    @Test
    void anAgentKeyRoundTripsThroughBase64AndIsCopied() {
        var bytes = new byte[] {1, 2, 3, (byte) 0xff};
        var key = AgentPublicKey.of(bytes);
        bytes[0] = 9;

        assertThat(key.bytes()).containsExactly(1, 2, 3, 0xff);
        assertThat(AgentPublicKey.fromBase64(key.toString())).isEqualTo(key);
        assertThat(key.toHex()).isEqualTo("010203ff");
        assertThat(key.toString()).doesNotContain("=");
    }

    @Test
    void anAgentKeyRefusesEmptyOversizedAndMalformedInput() {
        assertThatIllegalArgumentException().isThrownBy(() -> AgentPublicKey.of(new byte[0]));
        assertThatIllegalArgumentException().isThrownBy(() -> AgentPublicKey.of(new byte[257]));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AgentPublicKey.fromBase64("not base64!"))
                .withMessageContaining("base64url");
    }

    @Test
    void nodeRefsAndLeasesCheckTheirNumbers() {
        assertThat(NODE.toString()).isEqualTo("gw-1@1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NodeRef(new NodeId("gw-1"), 0))
                .withMessageContaining("epoch");

        assertThat(new NodeLease(NODE, 100, 99, "inc").alive()).isTrue();
        assertThat(new NodeLease(NODE, 100, 100, "inc").alive()).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> new NodeLease(NODE, -1, 0, "inc"));
        assertThatIllegalArgumentException().isThrownBy(() -> new NodeLease(NODE, 1, 0, "bad incarnation"));
    }

    @Test
    void requestsRefuseImpossibleVersionsNoncesAndLifetimes() {
        var binding = new Binding("udp", "192.0.2.1:1");
        var key = AgentPublicKey.of(new byte[32]);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ReattachCommit(SESSION, 0, 1, REQUEST, NODE, binding))
                .withMessageContaining("expectedVersion");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ReattachCommit(SESSION, 1, 0, REQUEST, NODE, binding))
                .withMessageContaining("nonce");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CreateSession(SESSION, key, NODE, binding, REQUEST, Duration.ZERO, "p"))
                .withMessage("maxLifetime must be between 1 ms and 366 days, got PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CreateSession(
                        SESSION, key, NODE, binding, REQUEST, Duration.ofSeconds(Long.MAX_VALUE), "p"))
                .withMessageStartingWith("maxLifetime must be between");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CreateSession(SESSION, key, NODE, binding, REQUEST, Duration.ofHours(1), "p q"))
                .withMessageContaining("policy reference");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TransferCommit(SESSION, 0, NODE, NODE, REQUEST))
                .withMessageContaining("expectedVersion");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RequestOutcome(REQUEST, NODE, -1, RequestOutcome.Kind.FENCED))
                .withMessageContaining("version");
    }

    @Test
    void transitionsGoBetweenDifferentLiveStates() {
        assertThat(new TransitionCommit(SESSION, 1, SessionState.ATTACHED, SessionState.VOLATILE, NODE, REQUEST).to())
                .isEqualTo(SessionState.VOLATILE);
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        new TransitionCommit(SESSION, 1, SessionState.ATTACHED, SessionState.TERMINATED, NODE, REQUEST))
                .withMessageContaining("live states");
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        new TransitionCommit(SESSION, 1, SessionState.ATTACHED, SessionState.BIRTH, NODE, REQUEST));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TransitionCommit(
                        SESSION, 1, SessionState.TERMINATED, SessionState.ATTACHED, NODE, REQUEST));
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        new TransitionCommit(SESSION, 1, SessionState.VOLATILE, SessionState.VOLATILE, NODE, REQUEST))
                .withMessageContaining("changes the state");
    }

    @Test
    void aTerminationCarriesACode() {
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        new TerminateCommit(SESSION, 1, NODE, "session ttl", TerminateCommit.Authority.OWNER, REQUEST))
                .withMessageContaining("upper-case code");
        assertThat(new TerminateCommit(SESSION, 1, NODE, "SESSION_TTL", TerminateCommit.Authority.OWNER, REQUEST)
                        .reason())
                .isEqualTo("SESSION_TTL");
    }

    @Test
    void aTerminationCommitsOneToEightTransitionsOneByDefault() {
        var plain = new TerminateCommit(SESSION, 1, NODE, "SESSION_TTL", TerminateCommit.Authority.OWNER, REQUEST);
        assertThat(plain.transitions()).isEqualTo(1);
        assertThat(plain.withTransitions(TerminateCommit.MAX_TRANSITIONS).transitions())
                .isEqualTo(8);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> plain.withTransitions(0))
                .withMessageContaining("transitions must be in [1, 8]");
        assertThatIllegalArgumentException().isThrownBy(() -> plain.withTransitions(9));
    }

    @Test
    void aHandoverNamesANewOwnerExactlyWhenTheSessionMovedToOne() {
        var other = new NodeRef(new NodeId("gw-2"), 4);
        var moved = new Handover(SESSION, 3, NODE, Optional.of(other), CommitKind.REATTACH);
        assertThat(Release.of(moved)).isEqualTo(new Release(SESSION, 3, NODE, other));
        assertThat(new Handover(SESSION, 2, NODE, Optional.empty(), CommitKind.TERMINATE).to())
                .isEmpty();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Handover(SESSION, 3, NODE, Optional.empty(), CommitKind.TRANSFER))
                .withMessageContaining("names the new owner");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Handover(SESSION, 3, NODE, Optional.of(other), CommitKind.TERMINATE))
                .withMessageContaining("no new owner");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Handover(SESSION, 3, NODE, Optional.of(NODE), CommitKind.REATTACH))
                .withMessageContaining("another owner");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Handover(SESSION, 3, NODE, Optional.of(other), CommitKind.TRANSITION))
                .withMessageContaining("never takes a session away");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Handover(SESSION, 1, NODE, Optional.of(other), CommitKind.REATTACH))
                .withMessageContaining("version must be >= 2");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Release.of(new Handover(SESSION, 2, NODE, Optional.empty(), CommitKind.TERMINATE)))
                .withMessageContaining("no new owner");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Release(SESSION, 3, NODE, NODE))
                .withMessageContaining("to itself");
    }

    @Test
    void aRenewalCarriesOnlyItsOwnNodesHandovers() {
        var lease = new NodeLease(NODE, 100, 50, "inc");
        var other = new NodeRef(new NodeId("gw-2"), 4);
        var mine = new Handover(SESSION, 3, NODE, Optional.of(other), CommitKind.TRANSFER);
        var theirs = new Handover(SESSION, 3, other, Optional.of(NODE), CommitKind.TRANSFER);

        assertThat(new LeaseRenewal(lease, List.of(mine)).handovers()).containsExactly(mine);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LeaseRenewal(lease, List.of(theirs)))
                .withMessageContaining("its own hand-overs");
    }

    @Test
    void resultsRefuseNulls() {
        assertThatNullPointerException().isThrownBy(() -> StoreResult.committed(null));
        assertThatNullPointerException().isThrownBy(() -> StoreResult.rejected(null, "x"));
        assertThat(StoreResult.rejected(StoreRejectCode.STALE_VERSION, "x", 4))
                .isEqualTo(
                        new StoreResult.Rejected<>(StoreRejectCode.STALE_VERSION, "x", java.util.OptionalLong.of(4)));
        assertThat(StoreResult.unknown("timeout").isCommitted()).isFalse();
    }
}
