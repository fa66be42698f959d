package io.jumpingvpn.deploy.bench.cluster.reattach;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.jumpingvpn.deploy.bench.StoreBenchReport;
import io.jumpingvpn.deploy.bench.rig.LatencyMs;

/**
 * One cluster reattach run (snake_case in JSON): the store-only benchmark on the same Redis ({@code jvpn bench store},
 * uncontended and with contenders), then the same load through the gateway nodes: at the owner, at the next node (the
 * session moves each time), and raced at {@code contenders} nodes at once. The ratios put the gateway path over the
 * store-only figure of the same run: owner and next node over uncontended store commits, race over contended ones.
 */
@JsonPropertyOrder({
    "target",
    "nodes",
    "gateway_io",
    "sessions",
    "concurrency",
    "contenders",
    "client_threads",
    "warmup_s",
    "duration_s",
    "handshake_latency_ms",
    "store_uncontended",
    "store_contended",
    "gateway_owner",
    "gateway_next_node",
    "gateway_race",
    "ratio_owner_to_store",
    "ratio_next_node_to_store",
    "ratio_race_to_store_contended",
    "bad_rounds"
})
public record ClusterReattachReport(
        String target,
        int nodes,
        String gatewayIo,
        int sessions,
        int concurrency,
        int contenders,
        int clientThreads,
        double warmupS,
        double durationS,
        LatencyMs handshakeLatencyMs,
        StoreBenchReport storeUncontended,
        StoreBenchReport storeContended,
        GatewayPhase gatewayOwner,
        GatewayPhase gatewayNextNode,
        GatewayPhase gatewayRace,
        double ratioOwnerToStore,
        double ratioNextNodeToStore,
        double ratioRaceToStoreContended,
        long badRounds) {

    /** Whether every judged race, through the store alone and through the nodes, ended with exactly one winner. */
    public boolean oneWinnerPerRound() {
        return badRounds == 0;
    }
}
