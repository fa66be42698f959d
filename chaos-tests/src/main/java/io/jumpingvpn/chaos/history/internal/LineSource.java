package io.jumpingvpn.chaos.history.internal;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a JSON-lines file one line at a time without holding the file in memory. A line that is not valid UTF-8 or is
 * longer than {@link #MAX_LINE_BYTES} is handed out as a bad line, and reading goes on with the next one.
 */
public final class LineSource {

    /** Longer lines are refused: no line of the format comes near this. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    /** One line: its 1-based number and either its text or why it has none. */
    public sealed interface Line {
        long number();

        record Text(long number, String text) implements Line {}

        record Bad(long number, String reason) implements Line {}
    }

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long number;
    private boolean eof;

    public LineSource(InputStream in) {
        this.in = requireNonNull(in, "in");
    }

    /** The next line, or null at the end of the file. */
    public Line next() throws IOException {
        var bytes = new ByteArrayOutputStream();
        boolean tooLong = false;
        while (true) {
            if (position == limit && !fill()) {
                if (bytes.size() == 0 && !tooLong) {
                    return null;
                }
                return finish(bytes, tooLong);
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            if (!tooLong) {
                if (bytes.size() + length > MAX_LINE_BYTES) {
                    tooLong = true;
                    bytes.reset();
                } else {
                    bytes.write(buffer, start, length);
                }
            }
            if (position < limit) {
                position++; // the newline
                return finish(bytes, tooLong);
            }
        }
    }

    private Line finish(ByteArrayOutputStream bytes, boolean tooLong) {
        number++;
        if (tooLong) {
            return new Line.Bad(number, "line is longer than " + MAX_LINE_BYTES + " bytes");
        }
        var raw = bytes.toByteArray();
        int length = raw.length;
        if (length > 0 && raw[length - 1] == '\r') {
            length--;
        }
        try {
            var text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, 0, length))
                    .toString();
            return new Line.Text(number, text);
        } catch (CharacterCodingException e) {
            return new Line.Bad(number, "line is not valid UTF-8");
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int read = in.read(buffer);
        if (read <= 0) {
            eof = true;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }
}
