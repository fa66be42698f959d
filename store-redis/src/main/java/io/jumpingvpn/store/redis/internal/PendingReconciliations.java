package io.jumpingvpn.store.redis.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.NodeRef;
import io.jumpingvpn.store.RequestId;
import io.jumpingvpn.store.SessionId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests of this store instance whose outcome is unknown, per session. The next operation on such a session
 * settles them first ({@code session_reconcile.lua}), so nothing runs on top of an unknown.
 */
public final class PendingReconciliations {

    /** A request whose outcome is unknown, and the node that sent it. */
    public record Pending(RequestId request, NodeRef node) {
        public Pending {
            requireNonNull(request, "request");
            requireNonNull(node, "node");
        }
    }

    private final ConcurrentHashMap<SessionId, Set<Pending>> pending = new ConcurrentHashMap<>();

    public void add(SessionId session, Pending request) {
        pending.compute(session, (s, set) -> {
            var requests = set == null ? ConcurrentHashMap.<Pending>newKeySet() : set;
            requests.add(request);
            return requests;
        });
    }

    /** The unknown requests of {@code session}, in no particular order (reconciliation order does not matter). */
    public List<Pending> of(SessionId session) {
        var set = pending.get(session);
        return set == null ? List.of() : List.copyOf(set);
    }

    public boolean isEmpty(SessionId session) {
        var set = pending.get(session);
        return set == null || set.isEmpty();
    }

    /** Forgets {@code request} once its outcome is known. */
    public void settle(SessionId session, Pending request) {
        pending.computeIfPresent(session, (s, set) -> {
            set.remove(request);
            return set.isEmpty() ? null : set;
        });
    }

    public int sessions() {
        return pending.size();
    }
}
