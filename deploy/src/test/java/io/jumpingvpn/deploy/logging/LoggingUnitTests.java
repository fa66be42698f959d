package io.jumpingvpn.deploy.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoggingUnitTests {

    @Test
    void aRepeatedWarningOfTheFilteredLoggersIsLoggedOncePerInterval() {
        var context = new LoggerContext();
        var filter = new RepeatLimitFilter();
        filter.setPrefix("io.lettuce");
        filter.setIntervalSeconds(60);
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
        var appender = new ListAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        var lettuce = context.getLogger("io.lettuce.core.protocol.ConnectionWatchdog");
        var ours = context.getLogger("io.jumpingvpn.gateway.Something");

        for (int i = 0; i < 5; i++) {
            lettuce.warn("Cannot reconnect to [{}]: {}", "127.0.0.1:6379", "Connection refused");
            ours.warn("our own line {}", i);
        }
        lettuce.warn("another message {}", 1);

        assertThat(appender.list)
                .filteredOn(e -> e.getLoggerName().startsWith("io.lettuce"))
                .hasSize(2);
        assertThat(appender.list)
                .filteredOn(e -> e.getLoggerName().startsWith("io.jumpingvpn"))
                .hasSize(5);
    }

    @Test
    void aJsonLogLineHasTheFieldsAndTheErrorWithoutBreakingTheLine() throws Exception {
        var context = new LoggerContext();
        var encoder = new JsonLogEncoder();
        encoder.setContext(context);
        encoder.start();
        var logger = context.getLogger("io.jumpingvpn.test");
        var event = new ch.qos.logback.classic.spi.LoggingEvent(
                "x", logger, Level.WARN, "store {} unreachable", new IllegalStateException("boom"), new Object[] {"r1"
                });

        var line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n");
        assertThat(line.strip()).doesNotContain("\n");
        var json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("logger").asText()).isEqualTo("io.jumpingvpn.test");
        assertThat(json.get("message").asText()).isEqualTo("store r1 unreachable");
        assertThat(json.get("error").asText()).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(json.get("ts").asText()).endsWith("Z");
    }
}
