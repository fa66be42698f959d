package io.jumpingvpn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionRecordUnitTests {

    private static final NodeRef OWNER = new NodeRef(new NodeId("gw-1"), 3);
    private static final RequestId CREATE = new RequestId("req-1");

    @Test
    void aValidRecordKeepsItsFieldsAndCopiesItsRequestList() {
        var outcomes = new ArrayList<>(List.of(new RequestOutcome(CREATE, OWNER, 1, RequestOutcome.Kind.COMMITTED)));
        var record = new Builder().recent(outcomes).build();

        outcomes.clear();

        assertThat(record.recentRequests()).hasSize(1);
        assertThat(record.outcomeOf(CREATE)).map(RequestOutcome::version).hasValue(1L);
        assertThat(record.outcomeOf(new RequestId("other"))).isEmpty();
    }

    @Test
    void expiryIsInclusiveOfItsInstant() {
        var record = new Builder().build();

        assertThat(record.isExpiredAt(record.expiresAtMs() - 1)).isFalse();
        assertThat(record.isExpiredAt(record.expiresAtMs())).isTrue();
    }

    @Test
    void aStoredSessionIsNeverInBirth() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder().state(SessionState.BIRTH).build())
                .withMessageContaining("never in BIRTH");
    }

    @Test
    void versionsMustBePositiveAndTheBaseBelowTheVersion() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder().version(0).base(0).build())
                .withMessageContaining("version must be >= 1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder().version(3).base(3).build())
                .withMessageContaining("baseVersion");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder().version(3).base(-1).build())
                .withMessageContaining("baseVersion");
    }

    @Test
    void timesMustBeOrdered() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder().times(100, 99, 200).build())
                .withMessageContaining("updatedAtMs");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder().times(100, 100, 100).build())
                .withMessageContaining("expiresAtMs");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder().times(-1, 0, 10).build())
                .withMessageContaining("createdAtMs");
    }

    @Test
    void theNonceIsNeverNegative() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder().nonce(-1).build())
                .withMessageContaining("lastNonce");
    }

    @Test
    void atMostTheRecentRequestLimitIsKept() {
        var tooMany = new ArrayList<RequestOutcome>();
        for (int i = 0; i <= SessionRecord.RECENT_REQUESTS; i++) {
            tooMany.add(new RequestOutcome(new RequestId("r" + i), OWNER, 1, RequestOutcome.Kind.COMMITTED));
        }

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder().recent(tooMany).build())
                .withMessageContaining("at most " + SessionRecord.RECENT_REQUESTS);
    }

    @Test
    void aTerminationReasonIsPresentExactlyWhenTerminated() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder().state(SessionState.TERMINATED).build())
                .withMessageContaining("terminationReason");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder().reason(Optional.of("GONE")).build())
                .withMessageContaining("terminationReason");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder()
                        .state(SessionState.TERMINATED)
                        .reason(Optional.of("not a code"))
                        .build())
                .withMessageContaining("termination reason");
        assertThat(new Builder()
                        .state(SessionState.TERMINATED)
                        .reason(Optional.of("SESSION_TTL"))
                        .build()
                        .terminationReason())
                .hasValue("SESSION_TTL");
    }

    @Test
    void aHandOverRunsOnlyAfterACommitThatCanCarryOneAndNeverNamesTheOwner() {
        var previous = new NodeRef(new NodeId("gw-0"), 2);
        var moved = new Builder()
                .version(3)
                .base(1)
                .commit(CommitKind.REATTACH)
                .handover(Optional.of(previous), 5_000)
                .build();
        assertThat(moved.previousOwner()).hasValue(previous);
        assertThat(moved.handoverUntilMs()).isEqualTo(5_000);
        // Carried forward by a transition of the owner; after a chain of take-overs, only the time ends the wait.
        assertThat(new Builder()
                        .version(2)
                        .base(1)
                        .commit(CommitKind.TRANSITION)
                        .handover(Optional.of(previous), 5_000)
                        .build()
                        .handoverUntilMs())
                .isEqualTo(5_000);
        assertThat(new Builder()
                        .version(2)
                        .base(1)
                        .commit(CommitKind.TRANSFER)
                        .handover(Optional.empty(), 5_000)
                        .build()
                        .previousOwner())
                .isEmpty();

        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> new Builder().handover(Optional.empty(), 5_000).build())
                .withMessageContaining("no hand-over runs after a CREATE");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder().handover(Optional.empty(), -1).build())
                .withMessageContaining("handoverUntilMs must be >= 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder()
                        .version(2)
                        .base(1)
                        .state(SessionState.TERMINATED)
                        .reason(Optional.of("SESSION_TTL"))
                        .commit(CommitKind.TERMINATE)
                        .handover(Optional.of(previous), 0)
                        .build())
                .withMessageContaining("no hand-over runs after a TERMINATE");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Builder()
                        .version(2)
                        .base(1)
                        .commit(CommitKind.TRANSFER)
                        .handover(Optional.of(OWNER), 0)
                        .build())
                .withMessageContaining("differ from the owner");
        assertThat(new Builder().build().previousOwner()).isEmpty();
    }

    @Test
    void nullFieldsAreNamed() {
        assertThatNullPointerException()
                .isThrownBy(() -> new Builder().owner(null).build())
                .withMessage("owner");
    }

    /** A valid record to start from; each test breaks one thing. */
    private static final class Builder {
        private SessionState state = SessionState.ATTACHED;
        private long version = 1;
        private long base = 0;
        private long nonce = 0;
        private NodeRef owner = OWNER;
        private List<RequestOutcome> recent =
                List.of(new RequestOutcome(CREATE, OWNER, 1, RequestOutcome.Kind.COMMITTED));
        private long created = 1_000;
        private long updated = 1_000;
        private long expires = 61_000;
        private Optional<String> reason = Optional.empty();
        private CommitKind lastCommit = CommitKind.CREATE;
        private Optional<NodeRef> previousOwner = Optional.empty();
        private long handoverUntil;

        Builder state(SessionState value) {
            state = value;
            return this;
        }

        Builder version(long value) {
            version = value;
            return this;
        }

        Builder base(long value) {
            base = value;
            return this;
        }

        Builder nonce(long value) {
            nonce = value;
            return this;
        }

        Builder owner(NodeRef value) {
            owner = value;
            return this;
        }

        Builder recent(List<RequestOutcome> value) {
            recent = value;
            return this;
        }

        Builder times(long createdAt, long updatedAt, long expiresAt) {
            created = createdAt;
            updated = updatedAt;
            expires = expiresAt;
            return this;
        }

        Builder reason(Optional<String> value) {
            reason = value;
            return this;
        }

        Builder commit(CommitKind value) {
            lastCommit = value;
            return this;
        }

        Builder handover(Optional<NodeRef> from, long untilMs) {
            previousOwner = from;
            handoverUntil = untilMs;
            return this;
        }

        SessionRecord build() {
            return new SessionRecord(
                    new SessionId("s-1"),
                    AgentPublicKey.of(new byte[32]),
                    state,
                    version,
                    owner,
                    new Binding("udp", "192.0.2.1:4000"),
                    nonce,
                    base,
                    lastCommit,
                    recent,
                    created,
                    updated,
                    expires,
                    "default",
                    reason,
                    previousOwner,
                    handoverUntil);
        }
    }
}
