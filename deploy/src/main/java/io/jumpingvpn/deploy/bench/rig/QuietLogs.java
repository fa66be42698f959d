package io.jumpingvpn.deploy.bench.rig;

import org.slf4j.LoggerFactory;

/** The benchmarks print their own progress on stderr; the components' INFO lines would only interleave with it. */
public final class QuietLogs {

    private QuietLogs() {}

    public static void apply() {
        if (LoggerFactory.getLogger("io.jumpingvpn") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
