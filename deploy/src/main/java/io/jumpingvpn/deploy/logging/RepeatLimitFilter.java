package io.jumpingvpn.deploy.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Marker;

/**
 * Lets one line per logger and message pattern through per interval, for loggers under {@code prefix} (by default
 * {@code io.lettuce}, whose connection watchdog warns at every reconnection attempt while Redis is away). The first line
 * of an outage is logged; the repeats within the interval are not. Configured in logback.xml:
 *
 * <pre>{@code <turboFilter class="io.jumpingvpn.deploy.logging.RepeatLimitFilter">
 *   <prefix>io.lettuce</prefix><intervalSeconds>60</intervalSeconds>
 * </turboFilter>}</pre>
 */
public final class RepeatLimitFilter extends TurboFilter {

    private final ConcurrentHashMap<String, Long> lastLogged = new ConcurrentHashMap<>();
    private String prefix = "io.lettuce";
    private long intervalNanos = TimeUnit.SECONDS.toNanos(60);

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public void setIntervalSeconds(long seconds) {
        this.intervalNanos = TimeUnit.SECONDS.toNanos(seconds);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || !logger.getName().startsWith(prefix) || !level.isGreaterOrEqual(Level.INFO)) {
            return FilterReply.NEUTRAL;
        }
        if (!logger.isEnabledFor(level)) {
            return FilterReply.NEUTRAL;
        }
        long now = System.nanoTime();
        var key = logger.getName() + '\u0000' + format;
        var previous = lastLogged.get(key);
        if (previous != null && now - previous < intervalNanos) {
            return FilterReply.DENY;
        }
        if (lastLogged.size() > 10_000) {
            lastLogged.clear();
        }
        lastLogged.put(key, now);
        return FilterReply.NEUTRAL;
    }
}
