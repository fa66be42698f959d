package io.jumpingvpn.store.tck;

import static io.jumpingvpn.store.StoreRejectCode.OWNERSHIP_CONFLICT;
import static io.jumpingvpn.store.StoreRejectCode.REPLAY_DETECTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.jumpingvpn.store.TransferCommit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads racing for many sessions at once. Each round, every contender of every session sends its commit for
 * the same version at the same moment (a latch releases them together; contender threads walk the sessions in the same
 * order), while an observer keeps reading. Exactly one contender per session per round may win; the others must get
 * OWNERSHIP_CONFLICT; no commit is lost or counted twice; no observer ever sees a version go back.
 */
public abstract class ConcurrencyContract extends ContractSupport {

    private static final int SESSIONS = 24;
    private static final int NODES = 4;
    private static final int ROUNDS = 8;
    private static final int THREADS_PER_CONTENDER = 2;
    private static final int MAX_OBSERVER_SWEEPS = 1_000;
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(120);

    private ExecutorService pool;
    private List<NodeRef> nodes;
    private SessionRecord[] current;
    private long[] lastSeenVersion;
    private final ConcurrentLinkedQueue<String> regressions = new ConcurrentLinkedQueue<>();

    /** One contender's attempt on one session in the current round. */
    @FunctionalInterface
    private interface Attempt {
        CompletionStage<StoreResult<SessionRecord>> run(int session, int contender);
    }

    @BeforeEach
    final void startContenders() {
        // One thread per contender share and one observer, so that every contender is really running at once.
        pool = Executors.newFixedThreadPool(NODES * THREADS_PER_CONTENDER + 1);
        nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            nodes.add(node("racer-" + i));
        }
        current = new SessionRecord[SESSIONS];
        lastSeenVersion = new long[SESSIONS];
        for (int s = 0; s < SESSIONS; s++) {
            current[s] = createSession(nodes.getFirst());
        }
    }

    @AfterEach
    final void stopContenders() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(ROUND_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("contender threads stopped")
                .isTrue();
    }

    @Test
    void racingReattachesAtTheSameVersionHaveExactlyOneWinnerPerSessionPerRound() throws Exception {
        var commits = new int[SESSIONS];
        for (int round = 0; round < ROUNDS; round++) {
            int r = round;
            var results = race(
                    NODES,
                    (s, c) -> store.reattach(new ReattachCommit(
                            current[s].id(),
                            current[s].version(),
                            (long) r * NODES + c + 1,
                            requestId(r, s, c),
                            nodes.get(c),
                            bindingOf(c))));

            for (int s = 0; s < SESSIONS; s++) {
                int winner = soleWinner(results.get(s), "round " + r + ", session " + s);
                var won = committed(results.get(s).get(winner));
                assertThat(won.version()).isEqualTo(current[s].version() + 2);
                assertThat(won.baseVersion()).isEqualTo(current[s].version());
                assertThat(won.owner()).isEqualTo(nodes.get(winner));
                assertThat(won.binding()).isEqualTo(bindingOf(winner));
                assertThat(won.lastNonce()).isEqualTo((long) r * NODES + winner + 1);
                current[s] = won;
                commits[s]++;
            }
        }

        for (int s = 0; s < SESSIONS; s++) {
            assertThat(commits[s]).isEqualTo(ROUNDS);
            assertThat(stored(current[s].id())).isEqualTo(current[s]);
            assertThat(current[s].version()).isEqualTo(1 + 2L * ROUNDS);
        }
        assertThat(regressions).as("versions an observer saw go back").isEmpty();
    }

    @Test
    void racingTransfersAndReattachesHaveExactlyOneWinner() throws Exception {
        var owner = new int[SESSIONS];
        var expectedVersion = new long[SESSIONS];
        Arrays.fill(expectedVersion, 1);
        for (int round = 0; round < ROUNDS; round++) {
            int r = round;
            // Contender 0: the owner hands over to the next node; contenders 1 and 2: agents reattach elsewhere.
            var results = race(3, (s, c) -> {
                var session = current[s];
                var from = nodes.get(owner[s]);
                if (c == 0) {
                    return store.transfer(new TransferCommit(
                            session.id(),
                            session.version(),
                            from,
                            nodes.get((owner[s] + 1) % NODES),
                            requestId(r, s, c)));
                }
                return store.reattach(new ReattachCommit(
                        session.id(),
                        session.version(),
                        (long) r * NODES + c + 1,
                        requestId(r, s, c),
                        nodes.get((owner[s] + 1 + c) % NODES),
                        bindingOf(c)));
            });

            for (int s = 0; s < SESSIONS; s++) {
                int winner = soleWinner(results.get(s), "round " + r + ", session " + s);
                var won = committed(results.get(s).get(winner));
                int step = winner == 0 ? 1 : 2;
                int newOwner = (owner[s] + 1 + winner) % NODES;
                assertThat(won.version()).isEqualTo(current[s].version() + step);
                assertThat(won.owner()).isEqualTo(nodes.get(newOwner));
                expectedVersion[s] += step;
                owner[s] = newOwner;
                current[s] = won;
            }
        }

        for (int s = 0; s < SESSIONS; s++) {
            assertThat(stored(current[s].id()).version()).isEqualTo(expectedVersion[s]);
        }
        assertThat(regressions).as("versions an observer saw go back").isEmpty();
    }

    @Test
    void aRequestDeliveredManyTimesAtOnceCommitsOnce() throws Exception {
        var requests = new ReattachCommit[SESSIONS];
        for (int s = 0; s < SESSIONS; s++) {
            requests[s] = reattachOf(current[s], nodes.get(1));
        }

        var results = race(NODES, (s, c) -> store.reattach(requests[s]));

        for (int s = 0; s < SESSIONS; s++) {
            var firsts = results.get(s).stream()
                    .filter(result ->
                            result instanceof StoreResult.Committed<SessionRecord> committed && !committed.retried())
                    .count();
            assertThat(firsts).as("first commits of session " + s).isEqualTo(1);
            var stored = stored(current[s].id());
            assertThat(stored.version()).isEqualTo(3);
            for (var result : results.get(s)) {
                assertThat(result).isInstanceOf(StoreResult.Committed.class);
                assertThat(((StoreResult.Committed<SessionRecord>) result).value())
                        .isEqualTo(stored);
            }
        }
    }

    @Test
    void oneRequestIdFromManyNodesAtOnceCommitsOnceAndIsAReplayElsewhere() throws Exception {
        var requestIds = new RequestId[SESSIONS];
        for (int s = 0; s < SESSIONS; s++) {
            requestIds[s] = newRequest();
        }

        var results = race(
                NODES,
                (s, c) -> store.reattach(new ReattachCommit(
                        current[s].id(), current[s].version(), c + 1, requestIds[s], nodes.get(c), bindingOf(c))));

        for (int s = 0; s < SESSIONS; s++) {
            int winner = soleWinner(results.get(s), REPLAY_DETECTED, "session " + s);
            assertThat(stored(current[s].id()).owner()).isEqualTo(nodes.get(winner));
        }
    }

    private int soleWinner(List<StoreResult<SessionRecord>> results, String where) {
        return soleWinner(results, OWNERSHIP_CONFLICT, where);
    }

    /** Asserts that exactly one result is a first commit and every other one is {@code loserCode}; returns the one. */
    private int soleWinner(List<StoreResult<SessionRecord>> results, StoreRejectCode loserCode, String where) {
        var winners = new ArrayList<Integer>();
        for (int c = 0; c < results.size(); c++) {
            if (results.get(c) instanceof StoreResult.Committed<SessionRecord> committed) {
                assertThat(committed.retried())
                        .as("%s: contender %d was not a retry", where, c)
                        .isFalse();
                winners.add(c);
            }
        }
        assertThat(winners).as("%s: winners among %s", where, results).hasSize(1);
        int winner = winners.getFirst();
        long winningVersion = committed(results.get(winner)).version();
        for (int c = 0; c < results.size(); c++) {
            if (c != winner) {
                var refusal = rejected(results.get(c), loserCode);
                if (loserCode == OWNERSHIP_CONFLICT) {
                    assertThat(refusal.currentVersion())
                            .as("%s: loser %d", where, c)
                            .hasValue(winningVersion);
                }
            }
        }
        return winner;
    }

    /**
     * Runs one round: {@code contenders} attempts on every session, released together, with an observer reading all
     * sessions meanwhile. Returns the results by session, then by contender.
     */
    private List<List<StoreResult<SessionRecord>>> race(int contenders, Attempt attempt) throws Exception {
        var results = new ArrayList<AtomicReferenceArray<StoreResult<SessionRecord>>>();
        for (int s = 0; s < SESSIONS; s++) {
            results.add(new AtomicReferenceArray<>(contenders));
        }
        int workers = contenders * THREADS_PER_CONTENDER;
        var ready = new CountDownLatch(workers + 1);
        var start = new CountDownLatch(1);
        var done = new AtomicBoolean();
        var tasks = new ArrayList<Future<?>>();
        for (int c = 0; c < contenders; c++) {
            for (int share = 0; share < THREADS_PER_CONTENDER; share++) {
                int contender = c;
                int first = share;
                tasks.add(pool.submit(() -> {
                    ready.countDown();
                    awaitStart(start);
                    for (int s = first; s < SESSIONS; s += THREADS_PER_CONTENDER) {
                        results.get(s).set(contender, await(attempt.run(s, contender)));
                    }
                    return null;
                }));
            }
        }
        var observer = pool.submit(() -> {
            ready.countDown();
            awaitStart(start);
            for (int sweep = 0; sweep < MAX_OBSERVER_SWEEPS && !done.get(); sweep++) {
                observeVersions();
            }
            return null;
        });
        assertThat(ready.await(ROUND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .as("contenders ready")
                .isTrue();
        start.countDown();
        for (var task : tasks) {
            task.get(ROUND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        done.set(true);
        observer.get(ROUND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        observeVersions();

        var bySession = new ArrayList<List<StoreResult<SessionRecord>>>();
        for (var row : results) {
            var list = new ArrayList<StoreResult<SessionRecord>>();
            for (int c = 0; c < contenders; c++) {
                assertThat(row.get(c)).as("every contender got a result").isNotNull();
                list.add(row.get(c));
            }
            bySession.add(list);
        }
        return bySession;
    }

    /** Reads every session once; records any version lower than one seen before (only the observer thread calls it). */
    private void observeVersions() {
        for (int s = 0; s < SESSIONS; s++) {
            if (await(store.read(current[s].id())) instanceof ReadResult.Found found) {
                long version = found.record().version();
                if (version < lastSeenVersion[s]) {
                    regressions.add("session " + s + ": version " + version + " after " + lastSeenVersion[s]);
                }
                lastSeenVersion[s] = Math.max(lastSeenVersion[s], version);
            } else {
                regressions.add("session " + s + " could not be read during the race");
            }
        }
    }

    private static void awaitStart(CountDownLatch start) throws InterruptedException {
        if (!start.await(ROUND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the round never started");
        }
    }

    private static RequestId requestId(int round, int session, int contender) {
        return new RequestId("race-" + round + "-" + session + "-" + contender);
    }

    private static Binding bindingOf(int contender) {
        return new Binding("udp", "203.0.113." + (contender + 1) + ":51820");
    }
}
