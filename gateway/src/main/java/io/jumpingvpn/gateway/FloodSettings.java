package io.jumpingvpn.gateway;

/**
 * Handshake and reattach flood defence.
 *
 * <ul>
 *   <li>Every source IP address has token buckets, one for HANDSHAKE_INITs and one for REATTACH_REQUESTs
 *       ({@code *RatePerSource} tokens per second, at most {@code *BurstPerSource}); a request finding its bucket
 *       empty is refused {@code RATE_LIMITED} before any signature is checked.
 *   <li>Above {@code cookieThresholdPerSecond} HANDSHAKE_INITs per second at this node, an INIT must carry a valid
 *       cookie for its source address; one without gets a COOKIE_CHALLENGE (one MAC, no signature check, no state).
 *       0 requires cookies always.
 *   <li>Refusals cost a signature, so they are rate-limited too: {@code signedRejectsPerSecond} (burst twice that) for
 *       the node and {@code signedRejectsPerSourcePerSecond} (burst {@code signedRejectBurstPerSource}) per source.
 *       Beyond those, refused requests are dropped and counted.
 *   <li>At most {@code maxTrackedSources} sources are remembered; the least recently seen is forgotten first (a
 *       forgotten source starts again with full buckets, so spoofed addresses cannot evict anyone into a refusal).
 * </ul>
 */
public record FloodSettings(
        double handshakeRatePerSource,
        int handshakeBurstPerSource,
        double reattachRatePerSource,
        int reattachBurstPerSource,
        double cookieThresholdPerSecond,
        double signedRejectsPerSecond,
        double signedRejectsPerSourcePerSecond,
        int signedRejectBurstPerSource,
        int maxTrackedSources) {

    public static final FloodSettings DEFAULT = new FloodSettings(5, 10, 10, 20, 100, 200, 1, 3, 65_536);

    public FloodSettings {
        rate("handshakeRatePerSource", handshakeRatePerSource, 0.001);
        burst("handshakeBurstPerSource", handshakeBurstPerSource);
        rate("reattachRatePerSource", reattachRatePerSource, 0.001);
        burst("reattachBurstPerSource", reattachBurstPerSource);
        rate("cookieThresholdPerSecond", cookieThresholdPerSecond, 0);
        rate("signedRejectsPerSecond", signedRejectsPerSecond, 0.001);
        rate("signedRejectsPerSourcePerSecond", signedRejectsPerSourcePerSecond, 0.001);
        burst("signedRejectBurstPerSource", signedRejectBurstPerSource);
        if (maxTrackedSources < 16 || maxTrackedSources > 10_000_000) {
            throw new InvalidGatewayConfigException(
                    "flood.maxTrackedSources", maxTrackedSources + " is outside 16..10000000");
        }
    }

    private static void rate(String name, double value, double min) {
        if (!(value >= min) || value > 1_000_000) {
            throw new InvalidGatewayConfigException(
                    "flood." + name, value + " is outside " + min + "..1000000 per second");
        }
    }

    private static void burst(String name, int value) {
        if (value < 1 || value > 1_000_000) {
            throw new InvalidGatewayConfigException("flood." + name, value + " is outside 1..1000000");
        }
    }

    public FloodSettings withHandshakes(double ratePerSource, int burstPerSource) {
        return new FloodSettings(
                ratePerSource,
                burstPerSource,
                reattachRatePerSource,
                reattachBurstPerSource,
                cookieThresholdPerSecond,
                signedRejectsPerSecond,
                signedRejectsPerSourcePerSecond,
                signedRejectBurstPerSource,
                maxTrackedSources);
    }

    public FloodSettings withReattaches(double ratePerSource, int burstPerSource) {
        return new FloodSettings(
                handshakeRatePerSource,
                handshakeBurstPerSource,
                ratePerSource,
                burstPerSource,
                cookieThresholdPerSecond,
                signedRejectsPerSecond,
                signedRejectsPerSourcePerSecond,
                signedRejectBurstPerSource,
                maxTrackedSources);
    }

    public FloodSettings withCookieThreshold(double perSecond) {
        return new FloodSettings(
                handshakeRatePerSource,
                handshakeBurstPerSource,
                reattachRatePerSource,
                reattachBurstPerSource,
                perSecond,
                signedRejectsPerSecond,
                signedRejectsPerSourcePerSecond,
                signedRejectBurstPerSource,
                maxTrackedSources);
    }

    public FloodSettings withSignedRejects(double perSecond, double perSourcePerSecond, int burstPerSource) {
        return new FloodSettings(
                handshakeRatePerSource,
                handshakeBurstPerSource,
                reattachRatePerSource,
                reattachBurstPerSource,
                cookieThresholdPerSecond,
                perSecond,
                perSourcePerSecond,
                burstPerSource,
                maxTrackedSources);
    }

    public FloodSettings withMaxTrackedSources(int max) {
        return new FloodSettings(
                handshakeRatePerSource,
                handshakeBurstPerSource,
                reattachRatePerSource,
                reattachBurstPerSource,
                cookieThresholdPerSecond,
                signedRejectsPerSecond,
                signedRejectsPerSourcePerSecond,
                signedRejectBurstPerSource,
                max);
    }
}
