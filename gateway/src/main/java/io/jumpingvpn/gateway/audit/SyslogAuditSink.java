package io.jumpingvpn.gateway.audit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * Audit events to a syslog collector (a SIEM, rsyslog, syslog-ng) as RFC 5424 messages ({@link SyslogMessage}), over
 * UDP (RFC 5426: one message per datagram, nothing kept when the collector is away) or TCP (RFC 6587 octet counting,
 * through a {@link SyslogTcpConnection} that never blocks the audit writer, keeps a bounded buffer while the collector
 * is unreachable and reconnects with exponential back-off).
 *
 * <p>Only the audit writer thread calls it. A message that cannot be sent or kept fails its {@link #write} with an
 * {@link IOException}, which the dispatcher counts for this sink ({@code jvpn.audit.sink.failures{sink=syslog-udp}}).
 */
public final class SyslogAuditSink implements AuditSink {

    /** Messages longer than this are cut (UDP collectors commonly accept 8 KiB; events are far smaller). */
    static final int MAX_MESSAGE_BYTES = 8 * 1024;

    private final SyslogSettings settings;
    private final long pid = ProcessHandle.current().pid();
    private final DatagramChannel udp;
    private final SyslogTcpConnection tcp;
    private InetSocketAddress udpTarget;

    private SyslogAuditSink(SyslogSettings settings, DatagramChannel udp, SyslogTcpConnection tcp) {
        this.settings = settings;
        this.udp = udp;
        this.tcp = tcp;
    }

    /**
     * Opens the sink. Nothing is sent yet and the collector need not be up: TCP connects on the first event and keeps
     * trying; UDP resolves the host again while it does not resolve.
     */
    public static SyslogAuditSink open(SyslogSettings settings) throws IOException {
        requireNonNull(settings, "settings");
        if (settings.transport() == SyslogSettings.Transport.UDP) {
            var channel = DatagramChannel.open();
            channel.configureBlocking(false);
            return new SyslogAuditSink(settings, channel, null);
        }
        return new SyslogAuditSink(settings, null, new SyslogTcpConnection(settings));
    }

    @Override
    public void write(AuditEvent event) throws IOException {
        var message = SyslogMessage.format(event, settings, pid);
        if (tcp != null) {
            tcp.send(SyslogMessage.octetCounted(cut(message)));
            return;
        }
        var target = udpTarget();
        var bytes = cut(message).getBytes(StandardCharsets.UTF_8);
        if (udp.send(ByteBuffer.wrap(bytes), target) == 0) {
            throw new IOException("the socket buffer to " + settings.target() + " is full; message dropped");
        }
    }

    private InetSocketAddress udpTarget() throws IOException {
        if (udpTarget == null || udpTarget.isUnresolved()) {
            udpTarget = new InetSocketAddress(settings.host(), settings.port());
            if (udpTarget.isUnresolved()) {
                throw new IOException("cannot resolve syslog host " + settings.host());
            }
        }
        return udpTarget;
    }

    private static String cut(String message) {
        var bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_MESSAGE_BYTES) {
            return message;
        }
        // Cut on a character boundary: decoding a prefix drops a split multi-byte character.
        return new String(bytes, 0, MAX_MESSAGE_BYTES, StandardCharsets.UTF_8).replace("\uFFFD", "");
    }

    @Override
    public void flush() throws IOException {
        if (tcp != null) {
            tcp.drain();
        }
    }

    @Override
    public String name() {
        return tcp != null ? "syslog-tcp" : "syslog-udp";
    }

    /** Bytes waiting for the TCP collector (0 for UDP). */
    public int buffered() {
        return tcp == null ? 0 : tcp.buffered();
    }

    /** Tries to send what is buffered (bounded by a short while), then closes. */
    @Override
    public void close() throws IOException {
        if (tcp != null) {
            tcp.close();
        } else {
            udp.close();
        }
    }

    @Override
    public String toString() {
        return "SyslogAuditSink[" + settings.target() + ", " + settings.format() + "]";
    }
}
