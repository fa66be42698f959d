package io.jumpingvpn.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jumpingvpn.store.AgentPublicKey;
import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.CreateSession;
import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.NodeLease;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransferCommit;
import io.jumpingvpn.store.TransitionCommit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of every contract part: opens a fresh store per test and offers the vocabulary the tests are written in
 * (register a node, create a session, let a lease lapse, expect a refusal that changed nothing).
 */
public abstract class ContractSupport {

    /** Never lapses during a test, however slow the machine. */
    protected static final Duration LONG_LEASE = Duration.ofMinutes(5);

    /** Used only right before waiting it out: no test asserts that a short lease is still alive. */
    protected static final Duration SHORT_LEASE = Duration.ofMillis(300);

    protected static final Duration LONG_LIFETIME = Duration.ofHours(2);

    /** Used only right before waiting it out, like {@link #SHORT_LEASE}. */
    protected static final Duration SHORT_LIFETIME = Duration.ofMillis(300);

    /** Comfortably past {@link #SHORT_LEASE} and {@link #SHORT_LIFETIME}. */
    protected static final Duration PAST_SHORT = Duration.ofMillis(700);

    /** How long the suite waits for one store call. Generous: it bounds a hang, it does not measure speed. */
    protected static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final Set<StoreRejectCode> CARRY_VERSION = EnumSet.of(
            StoreRejectCode.STALE_VERSION,
            StoreRejectCode.OWNERSHIP_CONFLICT,
            StoreRejectCode.INVALID_STATE,
            StoreRejectCode.SESSION_EXPIRED);

    private final List<SessionStore> opened = new ArrayList<>();
    private final Map<NodeRef, String> incarnations = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** The store under test, fresh for every test. */
    protected SessionStore store;

    protected abstract StoreFixture fixture();

    @BeforeEach
    final void openStore() {
        store = openAnotherStore();
    }

    @AfterEach
    final void closeStores() {
        opened.forEach(SessionStore::close);
        opened.clear();
    }

    /** Another fresh store, isolated from {@link #store}, closed after the test. */
    protected final SessionStore openAnotherStore() {
        var created = fixture().createStore();
        assertThat(created).as("StoreFixture.createStore()").isNotNull();
        opened.add(created);
        return created;
    }

    protected final void elapse(Duration duration) {
        fixture().elapse(duration);
    }

    // ---- nodes ----

    /** Registers {@code name} with a lease that does not lapse during the test. */
    protected final NodeRef node(String name) {
        return register(name, LONG_LEASE).node();
    }

    protected final NodeLease register(String name, Duration lease) {
        var registered = committed(await(store.registerNode(new NodeId(name), lease)));
        incarnations.put(registered.node(), registered.incarnation());
        return registered;
    }

    protected final String incarnationOf(NodeRef node) {
        var incarnation = incarnations.get(node);
        assertThat(incarnation).as("incarnation of " + node).isNotNull();
        return incarnation;
    }

    /**
     * Lets the leases of {@code nodes} lapse: shortens each to {@link #SHORT_LEASE}, then waits {@link #PAST_SHORT}.
     * Leases registered with {@link #LONG_LEASE} by other nodes stay alive.
     */
    protected final void lapse(NodeRef... nodes) {
        for (var node : nodes) {
            committed(await(store.renewNode(node, incarnationOf(node), SHORT_LEASE)));
        }
        elapse(PAST_SHORT);
    }

    // ---- sessions ----

    protected final RequestId newRequest() {
        return new RequestId("req-" + sequence.incrementAndGet());
    }

    protected final long nextNonce() {
        return sequence.incrementAndGet();
    }

    protected final Binding newBinding() {
        return new Binding("udp", "198.51.100." + (sequence.incrementAndGet() % 250 + 1) + ":51820");
    }

    protected final AgentPublicKey agentKey() {
        var bytes = new byte[32];
        long seed = sequence.incrementAndGet();
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return AgentPublicKey.of(bytes);
    }

    protected final CreateSession createRequest(NodeRef owner, Duration lifetime) {
        return new CreateSession(
                store.newSessionId(), agentKey(), owner, newBinding(), newRequest(), lifetime, "policy-default");
    }

    protected final SessionRecord createSession(NodeRef owner) {
        return createSession(owner, LONG_LIFETIME);
    }

    protected final SessionRecord createSession(NodeRef owner, Duration lifetime) {
        return committed(await(store.create(createRequest(owner, lifetime))));
    }

    /** A reattach of {@code record}'s session at its current version with a fresh nonce, request id and binding. */
    protected final ReattachCommit reattachOf(SessionRecord record, NodeRef node) {
        return new ReattachCommit(record.id(), record.version(), nextNonce(), newRequest(), node, newBinding());
    }

    protected final TransitionCommit transitionOf(SessionRecord record, SessionState to) {
        return new TransitionCommit(record.id(), record.version(), record.state(), to, record.owner(), newRequest());
    }

    protected final TerminateCommit terminateOf(
            SessionRecord record, NodeRef node, TerminateCommit.Authority authority) {
        return new TerminateCommit(record.id(), record.version(), node, "OPERATOR_REQUEST", authority, newRequest());
    }

    protected final TransferCommit transferOf(SessionRecord record, NodeRef committer, NodeRef newOwner) {
        return new TransferCommit(record.id(), record.version(), committer, newOwner, newRequest());
    }

    /** Drives {@code record}'s session from ATTACHED to {@code target} by owner transitions; returns the record there. */
    protected final SessionRecord toState(SessionRecord record, SessionState target) {
        var current = record;
        for (var step : pathTo(target)) {
            current = committed(await(store.transition(transitionOf(current, step))));
        }
        assertThat(current.state()).isEqualTo(target);
        return current;
    }

    private static List<SessionState> pathTo(SessionState target) {
        return switch (target) {
            case ATTACHED -> List.of();
            case VOLATILE -> List.of(SessionState.VOLATILE);
            case DEGRADED -> List.of(SessionState.VOLATILE, SessionState.DEGRADED);
            case RECOVERING -> List.of(SessionState.RECOVERING);
            case BIRTH, TERMINATED -> throw new IllegalArgumentException("not reachable by a transition: " + target);
        };
    }

    // ---- reading ----

    protected final ReadResult.Found found(SessionId id) {
        var read = await(store.read(id));
        if (read instanceof ReadResult.Found found) {
            assertThat(found.record().id()).isEqualTo(id);
            return found;
        }
        return fail("expected session " + id + " to be found, got " + read);
    }

    protected final SessionRecord stored(SessionId id) {
        return found(id).record();
    }

    protected final void assertAbsent(SessionId id) {
        assertThat(await(store.read(id))).as("read of " + id).isInstanceOf(ReadResult.Absent.class);
    }

    // ---- results ----

    protected static <T> T await(CompletionStage<T> stage) {
        try {
            var result = stage.toCompletableFuture().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(result).as("a store call completed with null").isNotNull();
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the store", e);
        } catch (ExecutionException e) {
            throw new AssertionError("a store call failed instead of returning a result", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("a store call did not complete within " + CALL_TIMEOUT, e);
        }
    }

    /** Asserts a fresh commit (not a retry) and returns its value. */
    protected static <T> T committed(StoreResult<T> result) {
        if (result instanceof StoreResult.Committed<T> committed) {
            assertThat(committed.retried()).as("retried flag of a first commit").isFalse();
            return committed.value();
        }
        return fail("expected a commit, got " + result);
    }

    /** Asserts the original success returned again for a repeated request, and returns its value. */
    protected static <T> T retried(StoreResult<T> result) {
        if (result instanceof StoreResult.Committed<T> committed) {
            assertThat(committed.retried())
                    .as("retried flag of a repeated request")
                    .isTrue();
            return committed.value();
        }
        return fail("expected the original success again (retried), got " + result);
    }

    /** Asserts a refusal with {@code code} and a detail a person can read. */
    protected static StoreResult.Rejected<?> rejected(StoreResult<?> result, StoreRejectCode code) {
        if (result instanceof StoreResult.Rejected<?> rejected) {
            assertThat(rejected.code())
                    .as("reject code (detail: %s)", rejected.detail())
                    .isEqualTo(code);
            assertThat(rejected.detail()).as("reject detail").isNotBlank();
            return rejected;
        }
        return fail("expected " + code + ", got " + result);
    }

    /**
     * Runs a mutation of an existing session and asserts that it was refused with {@code code}, carrying the current
     * version where the contract requires it, and that the stored record is exactly what it was before.
     */
    protected final StoreResult.Rejected<?> refusedUnchanged(
            SessionId id, StoreRejectCode code, Supplier<CompletionStage<StoreResult<SessionRecord>>> mutation) {
        var before = stored(id);
        var refusal = rejected(await(mutation.get()), code);
        if (CARRY_VERSION.contains(code) || refusal.currentVersion().isPresent()) {
            assertThat(refusal.currentVersion())
                    .as("current version carried by " + code)
                    .hasValue(before.version());
        }
        assertThat(stored(id)).as("record after a refused request").isEqualTo(before);
        return refusal;
    }
}
