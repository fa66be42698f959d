package io.jumpingvpn.gateway;

import java.util.concurrent.CompletionStage;

/**
 * How a node under sticky routing hands a session to another member (docs/cluster.md, "Sticky routing"): the target
 * stores the record in its own store, owned by itself, without binding it. {@code io.jumpingvpn.gateway.admin.PeerImporter}
 * does it over the target's admin API ({@code POST /v1/sessions/ID/import}, {@link Gateway#importSession} there).
 *
 * <p>Implementations never throw for a failure: a target that refused answers {@link ImportOutcome.Refused}, one that
 * could not be asked or did not answer {@link ImportOutcome.Unknown}. Repeating the same {@code handoff} (same request id)
 * is safe: the target answers the import it already made.
 */
@FunctionalInterface
public interface SessionImporter {

    CompletionStage<ImportOutcome> importAt(ClusterMember target, SessionHandoff handoff, Operator operator);
}
