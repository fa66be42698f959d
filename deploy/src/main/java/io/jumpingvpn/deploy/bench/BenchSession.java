package io.jumpingvpn.deploy.bench;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.Binding;
import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark session as its lane sees it: the version and nonce to send next. Only one round of its lane touches
 * it at a time; the hand-offs between rounds (future completions) order those touches.
 */
final class BenchSession {

    private static final long UNAVAILABLE_PAUSE_MS = 50;

    final SessionId id;
    final Binding binding;
    long version;
    private long nonce;
    private long requests;

    BenchSession(SessionId id, Binding binding) {
        this.id = requireNonNull(id, "id");
        this.binding = requireNonNull(binding, "binding");
    }

    /** The request of contender {@code contender} (1-based) for this round; every contender gets its own nonce. */
    ReattachCommit nextRequest(NodeRef node, int contender) {
        requests++;
        return new ReattachCommit(
                id, version, nonce + contender, new RequestId("r-" + id + "-" + requests), node, binding);
    }

    /** After a round with one winner: its version, and every nonce the round handed out is used. */
    void committed(SessionRecord record, int noncesUsed) {
        version = record.version();
        nonce += noncesUsed;
    }

    /**
     * After a refusal or an unknown outcome: learns the stored version and nonce before the next round. Completes
     * when that is done (after a short pause when the store is unavailable); stops the run through {@code tally} when
     * the session is gone or corrupt.
     */
    CompletableFuture<Void> resync(SessionStore store, BenchTally tally) {
        return store.read(id).toCompletableFuture().thenCompose(read -> {
            switch (read) {
                case ReadResult.Found found -> {
                    version = found.record().version();
                    nonce = Math.max(nonce, found.record().lastNonce());
                }
                case ReadResult.Absent ignored -> tally.stop("session " + id + " disappeared");
                case ReadResult.Corrupt corrupt ->
                    tally.stop("session " + id + " is corrupt in the store: " + corrupt.detail());
                case ReadResult.Unavailable ignored -> {
                    return CompletableFuture.runAsync(
                            () -> {}, CompletableFuture.delayedExecutor(UNAVAILABLE_PAUSE_MS, TimeUnit.MILLISECONDS));
                }
            }
            return CompletableFuture.completedFuture(null);
        });
    }
}
