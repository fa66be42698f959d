package io.jumpingvpn.store.tck;

import static io.jumpingvpn.store.StoreRejectCode.NOT_COMMITTED;
import static io.jumpingvpn.store.StoreRejectCode.STALE_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import io.jumpingvpn.store.ReattachCommit;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.RequestOutcome;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.SessionState;
import io.jumpingvpn.store.TerminateCommit;
import io.jumpingvpn.store.TransitionCommit;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * Unknown outcomes: reconciliation finds a committed request, or fences one that did not commit so that it never
 * will; and the short history of request outcomes that makes both possible.
 */
public abstract class ReconcileContract extends ContractSupport {

    @Test
    void aRequestWhoseReplyWasLostIsFoundCommitted() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var request = reattachOf(session, b);
        // The commit happens; its reply is what the caller never saw.
        await(store.reattach(request));
        var before = stored(session.id());

        var settled = retried(await(store.reconcile(session.id(), request.request(), b)));

        assertThat(settled).isEqualTo(before);
        assertThat(settled.owner()).isEqualTo(b);
        assertThat(stored(session.id())).isEqualTo(before);
    }

    @Test
    void aRequestThatNeverArrivedIsFencedWithoutANewVersion() {
        var a = node("a");
        var b = node("b");
        var session = createSession(a);
        var lost = reattachOf(session, b);

        var refusal = rejected(await(store.reconcile(session.id(), lost.request(), b)), NOT_COMMITTED);

        assertThat(refusal.currentVersion()).hasValue(1);
        var fenced = stored(session.id());
        assertThat(fenced.version()).isEqualTo(session.version());
        assertThat(fenced.baseVersion()).isEqualTo(session.baseVersion());
        assertThat(fenced.state()).isEqualTo(session.state());
        assertThat(fenced.owner()).isEqualTo(session.owner());
        assertThat(fenced.binding()).isEqualTo(session.binding());
        assertThat(fenced.lastNonce()).isEqualTo(session.lastNonce());
        assertThat(fenced.lastCommit()).isEqualTo(session.lastCommit());
        assertThat(fenced.recentRequests())
                .containsExactly(
                        session.recentRequests().getFirst(),
                        new RequestOutcome(lost.request(), b, 1, RequestOutcome.Kind.FENCED));
    }

    @Test
    void aFencedRequestArrivingLateNeverCommits() {
        var a = node("a");
        var b = node("b");
        var c = node("c");
        var session = createSession(a);
        var late = reattachOf(session, b);
        rejected(await(store.reconcile(session.id(), late.request(), b)), NOT_COMMITTED);

        refusedUnchanged(session.id(), NOT_COMMITTED, () -> store.reattach(late));
        var elsewhere =
                new ReattachCommit(session.id(), session.version(), nextNonce(), late.request(), c, late.binding());
        refusedUnchanged(session.id(), NOT_COMMITTED, () -> store.reattach(elsewhere));
        var asTransition =
                new TransitionCommit(session.id(), 1, SessionState.ATTACHED, SessionState.VOLATILE, a, late.request());
        refusedUnchanged(session.id(), NOT_COMMITTED, () -> store.transition(asTransition));
    }

    @Test
    void reconcilingAgainChangesNothing() {
        var a = node("a");
        var session = createSession(a);
        var request = newRequest();
        rejected(await(store.reconcile(session.id(), request, a)), NOT_COMMITTED);

        refusedUnchanged(session.id(), NOT_COMMITTED, () -> store.reconcile(session.id(), request, a));
    }

    @Test
    void aRequestCommittedByAnotherNodeIsNotCommittedForThisOne() {
        var a = node("a");
        var b = node("b");
        var c = node("c");
        var session = createSession(a);
        var request = reattachOf(session, b);
        committed(await(store.reattach(request)));

        refusedUnchanged(session.id(), NOT_COMMITTED, () -> store.reconcile(session.id(), request.request(), c));
        assertThat(stored(session.id()).outcomeOf(request.request()))
                .hasValue(new RequestOutcome(request.request(), b, 3, RequestOutcome.Kind.COMMITTED));
    }

    @Test
    void reconcileNeedsNoLiveLeaseAndWorksOnTombstones() {
        var a = node("a");
        var session = createSession(a);
        var terminate = terminateOf(session, a, TerminateCommit.Authority.OWNER);
        var tombstone = committed(await(store.terminate(terminate)));
        lapse(a);

        assertThat(retried(await(store.reconcile(session.id(), terminate.request(), a))))
                .isEqualTo(tombstone);
        rejected(await(store.reconcile(session.id(), newRequest(), a)), NOT_COMMITTED);
        assertThat(stored(session.id()).version()).isEqualTo(tombstone.version());
    }

    @Test
    void theRecordRemembersTheLastRequestOutcomesOnly() {
        var a = node("a");
        var current = createSession(a);
        var requests = new ArrayList<RequestId>();
        requests.add(current.recentRequests().getFirst().request());
        var firstTransition = transitionOf(current, SessionState.VOLATILE);
        int commits = SessionRecord.RECENT_REQUESTS + 2;
        for (int i = 0; i < commits; i++) {
            var transition = i == 0
                    ? firstTransition
                    : transitionOf(
                            current,
                            current.state() == SessionState.ATTACHED ? SessionState.VOLATILE : SessionState.ATTACHED);
            current = committed(await(store.transition(transition)));
            requests.add(transition.request());
        }

        var remembered = stored(current.id()).recentRequests().stream()
                .map(RequestOutcome::request)
                .toList();
        assertThat(remembered)
                .containsExactlyElementsOf(
                        requests.subList(requests.size() - SessionRecord.RECENT_REQUESTS, requests.size()));

        // A retry older than the window is no longer recognised: it is judged by its version like any request.
        refusedUnchanged(current.id(), STALE_VERSION, () -> store.transition(firstTransition));
    }
}
