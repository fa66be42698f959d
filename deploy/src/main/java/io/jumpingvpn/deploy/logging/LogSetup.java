package io.jumpingvpn.deploy.logging;

import static java.util.Objects.requireNonNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches the process's log lines between the human-readable default of logback.xml and JSON lines, and sets the
 * root level. Lines go to standard error either way (standard output carries command output and, by default, the audit
 * events). Works on the appender named {@code STDERR} that logback.xml defines.
 */
public final class LogSetup {

    private LogSetup() {}

    /** {@code format}: text or json; {@code level}: TRACE .. ERROR. Does nothing when Logback is not the binding. */
    public static void apply(String format, String level) {
        requireNonNull(format, "format");
        requireNonNull(level, "level");
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        if (!(root.getAppender("STDERR") instanceof ConsoleAppender<ILoggingEvent> console)) {
            return;
        }
        Encoder<ILoggingEvent> encoder;
        if (format.equals("json")) {
            encoder = new JsonLogEncoder();
        } else {
            var pattern = new PatternLayoutEncoder();
            pattern.setPattern(TEXT_PATTERN);
            encoder = pattern;
        }
        encoder.setContext(context);
        encoder.start();
        console.stop();
        console.setEncoder(encoder);
        console.start();
    }

    /** The human-readable pattern (the same as logback.xml's). */
    public static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";
}
