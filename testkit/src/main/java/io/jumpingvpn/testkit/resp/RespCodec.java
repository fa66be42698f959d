package io.jumpingvpn.testkit.resp;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** RESP2 encoding of commands and decoding of replies. Stateless apart from the stream it reads. */
final class RespCodec {

    /** Larger than any reply the fixtures read (CLUSTER NODES of a few nodes, INFO), far below the 512 MB limit. */
    static final int MAX_BULK_BYTES = 64 * 1024 * 1024;

    static final int MAX_LINE_BYTES = 64 * 1024;
    static final int MAX_ARRAY_ELEMENTS = 1_000_000;
    static final int MAX_DEPTH = 32;

    private RespCodec() {}

    /** A command as an array of bulk strings, the form Redis accepts for every command. */
    static byte[] encodeCommand(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least its name");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * args.size());
        writeAscii(out, "*" + args.size() + "\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            writeAscii(out, "$" + bytes.length + "\r\n");
            out.writeBytes(bytes);
            writeAscii(out, "\r\n");
        }
        return out.toByteArray();
    }

    /** Reads exactly one reply. Throws {@link EOFException} when the stream ends before a reply starts or finishes. */
    static RespValue read(InputStream in) throws IOException {
        return read(in, 0);
    }

    private static RespValue read(InputStream in, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new RespProtocolException("reply nested deeper than " + MAX_DEPTH + " arrays");
        }
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed before a reply");
        }
        return switch (type) {
            case '+' -> new RespValue.SimpleString(readLine(in));
            case '-' -> new RespValue.ErrorReply(readLine(in));
            case ':' -> new RespValue.IntegerReply(parseLong(readLine(in)));
            case '$' -> readBulk(in);
            case '*' -> readArray(in, depth);
            default -> throw new RespProtocolException("unexpected RESP type byte 0x" + Integer.toHexString(type));
        };
    }

    private static RespValue readBulk(InputStream in) throws IOException {
        long length = parseLong(readLine(in));
        if (length == -1) {
            return RespValue.NULL;
        }
        if (length < 0 || length > MAX_BULK_BYTES) {
            throw new RespProtocolException("bulk string length " + length + " outside 0.." + MAX_BULK_BYTES);
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length != length) {
            throw new EOFException("connection closed inside a bulk string");
        }
        if (in.read() != '\r' || in.read() != '\n') {
            throw new RespProtocolException("bulk string of " + length + " bytes not followed by CRLF");
        }
        return new RespValue.BulkString(bytes);
    }

    private static RespValue readArray(InputStream in, int depth) throws IOException {
        long count = parseLong(readLine(in));
        if (count == -1) {
            return RespValue.NULL;
        }
        if (count < 0 || count > MAX_ARRAY_ELEMENTS) {
            throw new RespProtocolException("array length " + count + " outside 0.." + MAX_ARRAY_ELEMENTS);
        }
        List<RespValue> elements = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            elements.add(read(in, depth + 1));
        }
        return new RespValue.ArrayReply(elements);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(32);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a reply line");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new RespProtocolException("CR not followed by LF in a reply line");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new RespProtocolException("reply line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
    }

    private static long parseLong(String text) throws RespProtocolException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new RespProtocolException("expected an integer in a reply, got '" + text + "'");
        }
    }

    private static void writeAscii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
