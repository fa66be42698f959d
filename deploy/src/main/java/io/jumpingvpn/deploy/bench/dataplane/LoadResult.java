package io.jumpingvpn.deploy.bench.dataplane;

import org.HdrHistogram.Histogram;

/**
 * What one load run measured inside its window: datagrams sent and echoes received, payload bytes echoed, losses
 * (declared after 200 ms without an answer), late echoes (of datagrams already declared lost), datagrams that did not
 * verify, round trips in microseconds, and CPU time of the client threads, the server threads and the process.
 */
record LoadResult(
        long sent,
        long received,
        long payloadBytes,
        long lost,
        long late,
        long invalid,
        Histogram rttMicros,
        long clientCpuNanos,
        long serverCpuNanos,
        long processCpuNanos,
        long windowNanos) {

    double packetsPerSecond() {
        return windowNanos > 0 ? received * 1e9 / windowNanos : 0;
    }

    double payloadMegabitsPerSecond() {
        return windowNanos > 0 ? payloadBytes * 8 * 1e3 / windowNanos : 0;
    }
}
