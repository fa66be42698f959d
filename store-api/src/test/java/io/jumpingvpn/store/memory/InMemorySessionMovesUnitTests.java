package io.jumpingvpn.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.jumpingvpn.store.AgentPublicKey;
import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.CommitKind;
import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.ImportSession;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.tck.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store as a {@link io.jumpingvpn.store.LocalSessionStore}: a session handed from one node's store to
 * another's (sticky routing) keeps its version, key, nonce and lifetime, can be reattached at the new owner at once, and
 * is evicted from the old one.
 */
class InMemorySessionMovesUnitTests {

    private static final AgentPublicKey KEY = AgentPublicKey.of(new byte[32]);
    private static final Binding BINDING = new Binding("udp", "127.0.0.1:5000");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final InMemorySessionStore from = store();
    private final InMemorySessionStore to = store();
    private final NodeRef source =
            lease(from.registerNode(new NodeId("n1"), Duration.ofHours(1))).node();
    private final NodeRef target =
            lease(to.registerNode(new NodeId("n2"), Duration.ofHours(1))).node();
    private final AtomicInteger requests = new AtomicInteger();

    @Test
    void anImportedSessionKeepsItsVersionNonceAndLifetimeAndIsOwnedByTheImporter() {
        var record = reattached(created(Duration.ofHours(2)), 9);
        clock.advance(Duration.ofMinutes(30));

        var imported = committed(to.importSession(importOf(record, "imp-1")));

        assertThat(imported.version()).isEqualTo(record.version());
        assertThat(imported.baseVersion()).isEqualTo(record.baseVersion());
        assertThat(imported.lastNonce()).isEqualTo(9);
        assertThat(imported.agentKey()).isEqualTo(KEY);
        assertThat(imported.state()).isEqualTo(SessionState.ATTACHED);
        assertThat(imported.owner()).isEqualTo(target);
        assertThat(imported.previousOwner()).contains(source);
        assertThat(imported.handoverUntilMs()).isZero();
        assertThat(imported.lastCommit()).isEqualTo(CommitKind.TRANSFER);
        assertThat(imported.expiresAtMs()).isEqualTo(record.expiresAtMs());
        assertThat(imported.createdAtMs()).isEqualTo(record.createdAtMs());
    }

    @Test
    void theAgentReattachesAtTheImporterWithTheVersionItHadAndAnOldNonceIsStillAReplay() {
        var record = reattached(created(Duration.ofHours(1)), 5);
        committed(to.importSession(importOf(record, "imp-1")));

        var replay = to.reattach(reattach(record.id(), record.version(), 5, target));
        var fresh = committed(to.reattach(reattach(record.id(), record.version(), 6, target)));

        assertThat(rejected(replay)).isEqualTo(StoreRejectCode.REPLAY_DETECTED);
        assertThat(fresh.version()).isEqualTo(record.version() + 2);
        assertThat(fresh.owner()).isEqualTo(target);
        assertThat(fresh.previousOwner()).as("a reattach by the owner itself").isEmpty();
    }

    @Test
    void aRepeatedImportIsIdempotentAndANewerStoredVersionIsNotOverwritten() {
        var record = created(Duration.ofHours(1));
        var first = committed(to.importSession(importOf(record, "imp-1")));

        var again = to.importSession(importOf(record, "imp-1"))
                .toCompletableFuture()
                .join();
        assertThat(again).isInstanceOfSatisfying(StoreResult.Committed.class, c -> assertThat(c.retried())
                .isTrue());

        var moved = committed(to.reattach(reattach(record.id(), first.version(), 1, target)));
        var stale = to.importSession(importOf(record, "imp-2"));
        assertThat(rejected(stale)).isEqualTo(StoreRejectCode.STALE_VERSION);
        assertThat(readTo(record.id()).version()).isEqualTo(moved.version());
    }

    @Test
    void aLeftoverAtTheSameOrALowerVersionIsReplacedAndATerminatedOneNeverComesBack() {
        var record = created(Duration.ofHours(1));
        committed(to.importSession(importOf(record, "imp-1")));
        var newer = reattached(record, 3);

        var replaced = committed(to.importSession(importOf(newer, "imp-2")));
        assertThat(replaced.version()).isEqualTo(newer.version());

        committed(to.terminate(new TerminateCommit(
                record.id(),
                replaced.version(),
                target,
                "OPERATOR_TERMINATE",
                TerminateCommit.Authority.OWNER,
                next())));
        var back = to.importSession(importOf(reattached(newer, 4), "imp-3"));
        assertThat(rejected(back)).isEqualTo(StoreRejectCode.INVALID_STATE);
    }

    @Test
    void anImporterWithoutALiveLeaseImportsNothing() {
        var record = created(Duration.ofHours(1));
        lease(to.releaseNode(target));

        assertThat(rejected(to.importSession(importOf(record, "imp-1")))).isEqualTo(StoreRejectCode.LEASE_EXPIRED);
        assertThat(to.read(record.id()).toCompletableFuture().join()).isInstanceOf(ReadResult.Absent.class);
    }

    @Test
    void evictionRemovesOnlyTheOwnersRecordAtTheExpectedVersion() {
        var record = created(Duration.ofHours(1));
        var stranger =
                lease(from.registerNode(new NodeId("n9"), Duration.ofHours(1))).node();

        assertThat(rejected(from.evict(record.id(), record.version(), stranger)))
                .isEqualTo(StoreRejectCode.OWNERSHIP_CONFLICT);
        assertThat(rejected(from.evict(record.id(), record.version() + 1, source)))
                .isEqualTo(StoreRejectCode.STALE_VERSION);
        assertThat(committed(from.evict(record.id(), record.version(), source))).isEqualTo(record);
        assertThat(from.read(record.id()).toCompletableFuture().join()).isInstanceOf(ReadResult.Absent.class);
        assertThat(rejected(from.evict(record.id(), record.version(), source)))
                .isEqualTo(StoreRejectCode.SESSION_NOT_FOUND);
    }

    @Test
    void anImportNamesALiveSessionOfAnotherNode() {
        var id = new SessionId("s1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ImportSession(
                        id,
                        KEY,
                        SessionState.TERMINATED,
                        2,
                        1,
                        0,
                        BINDING,
                        "default",
                        Duration.ZERO,
                        Duration.ofHours(1),
                        target,
                        source,
                        next()))
                .withMessageContaining("live session");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ImportSession(
                        id,
                        KEY,
                        SessionState.ATTACHED,
                        2,
                        1,
                        0,
                        BINDING,
                        "default",
                        Duration.ZERO,
                        Duration.ZERO,
                        target,
                        source,
                        next()))
                .withMessageContaining("remainingLifetime");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ImportSession(
                        id,
                        KEY,
                        SessionState.ATTACHED,
                        2,
                        2,
                        0,
                        BINDING,
                        "default",
                        Duration.ZERO,
                        Duration.ofHours(1),
                        target,
                        source,
                        next()))
                .withMessageContaining("baseVersion");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ImportSession(
                        id,
                        KEY,
                        SessionState.ATTACHED,
                        2,
                        1,
                        0,
                        BINDING,
                        "default",
                        Duration.ZERO,
                        Duration.ofHours(1),
                        target,
                        new NodeRef(target.node(), 7),
                        next()))
                .withMessageContaining("another node");
    }

    private ImportSession importOf(SessionRecord record, String request) {
        long now = clock.millis();
        return new ImportSession(
                record.id(),
                record.agentKey(),
                record.state(),
                record.version(),
                record.baseVersion(),
                record.lastNonce(),
                record.binding(),
                record.policyRef(),
                Duration.ofMillis(now - record.createdAtMs()),
                Duration.ofMillis(record.expiresAtMs() - now),
                target,
                source,
                new RequestId(request));
    }

    private SessionRecord created(Duration lifetime) {
        return committed(
                from.create(new CreateSession(from.newSessionId(), KEY, source, BINDING, next(), lifetime, "default")));
    }

    private SessionRecord reattached(SessionRecord record, long nonce) {
        return committed(from.reattach(reattach(record.id(), record.version(), nonce, source)));
    }

    private ReattachCommit reattach(SessionId id, long expected, long nonce, NodeRef node) {
        return new ReattachCommit(id, expected, nonce, next(), node, BINDING);
    }

    private SessionRecord readTo(SessionId id) {
        return ((ReadResult.Found) to.read(id).toCompletableFuture().join()).record();
    }

    private RequestId next() {
        return new RequestId("r" + requests.incrementAndGet());
    }

    private InMemorySessionStore store() {
        return new InMemorySessionStore(
                InMemoryStoreOptions.builder().clock(clock).build());
    }

    private static NodeLease lease(CompletionStage<StoreResult<NodeLease>> stage) {
        var result = stage.toCompletableFuture().join();
        assertThat(result).isInstanceOf(StoreResult.Committed.class);
        return ((StoreResult.Committed<NodeLease>) result).value();
    }

    private static SessionRecord committed(CompletionStage<StoreResult<SessionRecord>> stage) {
        var result = stage.toCompletableFuture().join();
        assertThat(result).as(result.toString()).isInstanceOf(StoreResult.Committed.class);
        return ((StoreResult.Committed<SessionRecord>) result).value();
    }

    private static StoreRejectCode rejected(CompletionStage<StoreResult<SessionRecord>> stage) {
        var result = stage.toCompletableFuture().join();
        assertThat(result).as(result.toString()).isInstanceOf(StoreResult.Rejected.class);
        return ((StoreResult.Rejected<SessionRecord>) result).code();
    }
}
