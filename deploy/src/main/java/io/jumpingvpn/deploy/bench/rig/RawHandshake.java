package io.jumpingvpn.deploy.bench.rig;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.protocol.crypto.AgentCrypto;
import io.jumpingvpn.protocol.crypto.Attachment;
import io.jumpingvpn.protocol.crypto.ReplyOutcome;
import io.jumpingvpn.protocol.wire.CookieChallenge;
import io.jumpingvpn.protocol.wire.DecodeResult;
import io.jumpingvpn.protocol.wire.FrameCodec;
import io.jumpingvpn.protocol.wire.HandshakeAck;
import io.jumpingvpn.protocol.wire.HandshakeReject;
import java.io.IOException;

/**
 * A raw client's handshake over a {@link RawLink}, as docs/protocol.md section 7 describes it: HANDSHAKE_INIT, a
 * COOKIE_CHALLENGE answered if one comes, the signed HANDSHAKE_ACK verified against the INIT, the traffic keys
 * derived. The INIT is resent unchanged when no answer comes (the gateway answers the same INIT with the same ACK).
 */
public final class RawHandshake {

    /** A session born: its attachment and how long the exchange took, INIT sent to ACK verified. */
    public record Established(Attachment attachment, long nanos) {
        public Established {
            requireNonNull(attachment, "attachment");
        }
    }

    private static final long ANSWER_WAIT_NANOS = 1_000_000_000L;
    private static final int ATTEMPTS = 5;

    private RawHandshake() {}

    /** Runs one handshake; a refusal or no answer after several attempts stops the benchmark (one line). */
    public static Established run(RawLink link, AgentCrypto crypto) throws IOException {
        requireNonNull(link, "link");
        requireNonNull(crypto, "crypto");
        var pending = crypto.startHandshake();
        var init = FrameCodec.encode(pending.init());
        long started = System.nanoTime();
        link.send(init);
        for (int attempt = 1; attempt <= ATTEMPTS; ) {
            var frame = link.receive(ANSWER_WAIT_NANOS);
            if (frame.isEmpty()) {
                attempt++;
                link.send(init);
                continue;
            }
            if (!(FrameCodec.decode(frame.get()) instanceof DecodeResult.Decoded decoded)) {
                continue;
            }
            var outcome =
                    switch (decoded.frame()) {
                        case HandshakeAck ack -> pending.complete(ack);
                        case HandshakeReject reject -> pending.complete(reject);
                        case CookieChallenge challenge -> {
                            var answered = pending.answer(challenge);
                            if (answered.isPresent()) {
                                init = FrameCodec.encode(answered.get());
                                link.send(init);
                            }
                            yield null;
                        }
                        default -> null;
                    };
            switch (outcome) {
                case null -> {}
                case ReplyOutcome.Established established -> {
                    return new Established(established.attachment(), System.nanoTime() - started);
                }
                case ReplyOutcome.Rejected rejected ->
                    throw new UserError("the gateway refused a benchmark handshake: " + rejected.code());
                case ReplyOutcome.Invalid invalid -> {}
            }
        }
        throw new UserError("a benchmark handshake over " + link.candidate() + " got no answer in " + ATTEMPTS + " s");
    }
}
