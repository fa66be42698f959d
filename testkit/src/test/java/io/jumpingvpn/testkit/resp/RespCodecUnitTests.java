package io.jumpingvpn.testkit.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespCodecUnitTests {

    @Test
    void encodesCommandsAsArraysOfBulkStrings() {
        byte[] encoded = RespCodec.encodeCommand(List.of("SET", "k", "vä"));

        assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nvä\r\n");
    }

    @Test
    void refusesAnEmptyCommand() {
        assertThatThrownBy(() -> RespCodec.encodeCommand(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesEveryReplyType() throws IOException {
        assertThat(read("+PONG\r\n")).isEqualTo(new RespValue.SimpleString("PONG"));
        assertThat(read(":-42\r\n")).isEqualTo(new RespValue.IntegerReply(-42));
        assertThat(read("$5\r\nhe\r\no\r\n")).isEqualTo(RespValue.bulk("he\r\no"));
        assertThat(read("$0\r\n\r\n")).isEqualTo(RespValue.bulk(""));
        assertThat(read("$-1\r\n")).isEqualTo(RespValue.NULL);
        assertThat(read("*-1\r\n")).isEqualTo(RespValue.NULL);
        assertThat(read("*0\r\n")).isEqualTo(new RespValue.ArrayReply(List.of()));
    }

    @Test
    void decodesErrorsAsValuesWithTheirCode() throws IOException {
        RespValue reply = read("-MOVED 3999 127.0.0.1:6381\r\n");

        assertThat(reply.isError()).isTrue();
        assertThat(((RespValue.ErrorReply) reply).code()).isEqualTo("MOVED");
        assertThatThrownBy(reply::asText).hasMessageContaining("MOVED 3999");
    }

    @Test
    void decodesNestedArraysWithNulls() throws IOException {
        RespValue reply = read("*3\r\n*2\r\n$2\r\nip\r\n:7\r\n$-1\r\n+OK\r\n");

        assertThat(reply.asList()).hasSize(3);
        assertThat(reply.asList().get(0).asList()).containsExactly(RespValue.bulk("ip"), new RespValue.IntegerReply(7));
        assertThat(reply.asList().get(1).isNull()).isTrue();
        assertThat(reply.asList().get(2).isOk()).isTrue();
    }

    @Test
    void readsConsecutiveRepliesFromOneStream() throws IOException {
        InputStream in = stream("+OK\r\n:1\r\n");

        assertThat(RespCodec.read(in).isOk()).isTrue();
        assertThat(RespCodec.read(in).asLong()).isEqualTo(1);
        assertThatThrownBy(() -> RespCodec.read(in)).isInstanceOf(EOFException.class);
    }

    @Test
    void turnsNameValueArraysIntoMaps() throws IOException {
        RespValue reply = read("*4\r\n$4\r\nname\r\n$4\r\njvpn\r\n$5\r\nflags\r\n$6\r\nmaster\r\n");

        assertThat(reply.asFieldMap()).containsEntry("name", "jvpn").containsEntry("flags", "master");
    }

    @Test
    void rejectsMalformedReplies() {
        assertThatThrownBy(() -> read("?x\r\n"))
                .isInstanceOf(RespProtocolException.class)
                .hasMessageContaining("0x3f");
        assertThatThrownBy(() -> read(":abc\r\n")).isInstanceOf(RespProtocolException.class);
        assertThatThrownBy(() -> read("+OK\rX")).isInstanceOf(RespProtocolException.class);
        assertThatThrownBy(() -> read("$3\r\nabcXY")).isInstanceOf(RespProtocolException.class);
        assertThatThrownBy(() -> read("$-2\r\n")).isInstanceOf(RespProtocolException.class);
        assertThatThrownBy(() -> read("$" + (RespCodec.MAX_BULK_BYTES + 1) + "\r\n"))
                .isInstanceOf(RespProtocolException.class);
        assertThatThrownBy(() -> read("*1\r\n".repeat(RespCodec.MAX_DEPTH + 2) + ":1\r\n"))
                .isInstanceOf(RespProtocolException.class)
                .hasMessageContaining("nested");
    }

    @Test
    void reportsTruncatedRepliesAsEndOfStream() {
        assertThatThrownBy(() -> read("")).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> read("+PON")).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> read("$10\r\nabc")).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> read("*2\r\n:1\r\n")).isInstanceOf(EOFException.class);
    }

    @Test
    void bulkStringsAreCopiedInAndOut() {
        byte[] bytes = {1, 2, 3};
        RespValue.BulkString bulk = new RespValue.BulkString(bytes);
        bytes[0] = 9;
        bulk.bytes()[1] = 9;

        assertThat(bulk.bytes()).containsExactly(1, 2, 3);
    }

    private static RespValue read(String text) throws IOException {
        return RespCodec.read(stream(text));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
