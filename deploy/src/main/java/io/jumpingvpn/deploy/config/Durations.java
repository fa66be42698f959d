package io.jumpingvpn.deploy.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import io.jumpingvpn.deploy.cli.DurationConverter;
import java.io.IOException;
import java.time.Duration;

/** Durations as people write them in the file, a flag or the environment: {@code 250ms}, {@code 2s}, {@code 1m}. */
final class Durations {

    private Durations() {}

    /** The shortest text that reads back as {@code value}. */
    static String text(Duration value) {
        long ms = value.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** Jackson reads a duration only from such text; anything else is a type error naming the expected form. */
    static final class Deserializer extends StdScalarDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        Deserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Duration) context.handleUnexpectedToken(
                        Duration.class, parser.currentToken(), parser, "expected a duration such as 250ms, 2s or 1m");
            }
            var text = parser.getText();
            try {
                return DurationConverter.parse(text);
            } catch (RuntimeException e) {
                return (Duration) context.handleWeirdStringValue(
                        Duration.class, text, "expected a duration such as 250ms, 2s or 1m");
            }
        }
    }
}
