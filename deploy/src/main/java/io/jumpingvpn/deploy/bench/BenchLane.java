package io.jumpingvpn.deploy.bench;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import io.jumpingvpn.store.StoreResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One lane of the store benchmark: its own sessions, one round in flight at a time. A round is one reattach commit
 * per contender at the session's expected version: with one contender, uncontended throughput; with C, a race that
 * must end with exactly one winner.
 *
 * <p>A lane is driven by completions, not by a thread of its own: the next round is issued from the callback of the
 * round's last reply, so a commit costs no thread hand-off (with Redis, lanes run on the client's I/O thread). A store
 * that completes synchronously (the in-memory one) is driven by a loop instead, so the stack never grows: whichever of
 * the issuing loop and the completion callback comes second continues the lane, decided by one compare-and-set.
 */
final class BenchLane {

    private final SessionStore store;
    private final List<BenchSession> sessions;
    private final List<NodeRef> contenders;
    private final BenchTally tally;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private int next;

    BenchLane(SessionStore store, List<BenchSession> sessions, List<NodeRef> contenders, BenchTally tally) {
        this.store = requireNonNull(store, "store");
        this.sessions = List.copyOf(sessions);
        this.contenders = List.copyOf(contenders);
        this.tally = requireNonNull(tally, "tally");
        if (this.sessions.isEmpty() || this.contenders.isEmpty()) {
            throw new IllegalArgumentException("a lane needs sessions and contenders");
        }
    }

    /** Completes when the lane stopped: the window is over, or the run was stopped. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    /**
     * Runs rounds until the window is over; returns as soon as a round has to wait for the store, and the round's
     * completion calls this again.
     */
    void drive() {
        try {
            while (tally.running()) {
                var session = sessions.get(next);
                next = (next + 1) % sessions.size();
                var round = new Round(session).start();
                if (round.isDone()) {
                    continue;
                }
                var handoff = new AtomicBoolean();
                round.whenComplete((ignored, error) -> {
                    if (!handoff.compareAndSet(false, true)) {
                        drive();
                    }
                });
                if (handoff.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            tally.stop("a benchmark lane failed: " + e);
        }
        finished.complete(null);
    }

    /** The replies of one round, collected as they arrive; settles once the last one is in. */
    private final class Round {

        private final BenchSession session;
        private final StoreResult<SessionRecord>[] results;
        private final boolean[] measured;
        private final AtomicInteger missing;
        private final CompletableFuture<Void> settled = new CompletableFuture<>();

        @SuppressWarnings("unchecked")
        Round(BenchSession session) {
            this.session = session;
            int count = contenders.size();
            this.results = new StoreResult[count];
            this.measured = new boolean[count];
            // One more than the replies: the issuing loop holds it until every commit is sent.
            this.missing = new AtomicInteger(count + 1);
        }

        CompletableFuture<Void> start() {
            for (int c = 0; c < results.length; c++) {
                var request = session.nextRequest(contenders.get(c), c + 1);
                int index = c;
                long startNanos = System.nanoTime();
                store.reattach(request).whenComplete((result, error) -> arrived(index, startNanos, result, error));
            }
            arrived();
            return settled;
        }

        private void arrived(int index, long startNanos, StoreResult<SessionRecord> result, Throwable error) {
            if (error != null) {
                tally.stop("the store failed instead of answering: " + error);
                result = StoreResult.unknown("the store failed: " + error);
            }
            measured[index] = tally.record(startNanos, result);
            results[index] = result;
            arrived();
        }

        private void arrived() {
            if (missing.decrementAndGet() == 0) {
                settle();
            }
        }

        private void settle() {
            int winners = 0;
            int unknowns = 0;
            boolean inWindow = false;
            SessionRecord winner = null;
            for (int c = 0; c < results.length; c++) {
                inWindow |= measured[c];
                if (results[c] instanceof StoreResult.Committed<SessionRecord> ok) {
                    winners++;
                    winner = ok.value();
                } else if (results[c] instanceof StoreResult.Unknown) {
                    unknowns++;
                }
            }
            if (inWindow && results.length == 1 && winners == 1) {
                tally.round(false);
            } else if (inWindow && results.length > 1) {
                // A round whose outcome is partly unknown proves nothing either way; any other needs one winner.
                tally.round(winners > 1 || (winners == 0 && unknowns == 0));
            }
            if (winners == 1) {
                session.committed(winner, results.length);
                settled.complete(null);
                return;
            }
            session.resync(store, tally).whenComplete((ignored, error) -> {
                if (error != null) {
                    tally.stop("reading session " + session.id + " back failed: " + error);
                }
                settled.complete(null);
            });
        }
    }
}
