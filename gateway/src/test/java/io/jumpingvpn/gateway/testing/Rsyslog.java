package io.jumpingvpn.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code rsyslogd} (Debian package {@code rsyslog}) of the test's own: listening on loopback for UDP (RFC 5426)
 * and TCP (RFC 6587, octet counting or not), writing every message it parsed to a file as one JSON object per line
 * ({@code msgid}, {@code facility}, {@code severity}, {@code app}, {@code hostname}, {@code sd} = the structured data,
 * {@code msg}), in the foreground, stopped by its PID. A missing rsyslogd fails the test with the install hint.
 */
public final class Rsyslog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BINARY = Path.of("/usr/sbin/rsyslogd");

    private final Path dir;
    private final int udpPort;
    private final int tcpPort;
    private final Path output;
    private Process process;

    private Rsyslog(Path dir, int udpPort, int tcpPort) {
        this.dir = dir;
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
        this.output = dir.resolve("received.jsonl");
    }

    /** Starts one on free loopback ports, its files under {@code dir}. */
    public static Rsyslog start(Path dir) {
        var rsyslog = new Rsyslog(dir, freeUdpPort(), freeTcpPort());
        rsyslog.startProcess();
        return rsyslog;
    }

    /** Picks free ports without starting: for tests whose sink must find the collector absent first. */
    public static Rsyslog notStarted(Path dir) {
        return new Rsyslog(dir, freeUdpPort(), freeTcpPort());
    }

    public int udpPort() {
        return udpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    public Path output() {
        return output;
    }

    public long pid() {
        return process.pid();
    }

    /** Starts the process (again, on the same ports and output file). */
    public void startProcess() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("rsyslogd is not installed: apt-get install -y rsyslog (Debian/Ubuntu); the syslog"
                    + " tests need a real one and do not skip");
        }
        try {
            Files.createDirectories(dir);
            var conf = dir.resolve("rsyslog.conf");
            Files.writeString(conf, config());
            process = new ProcessBuilder(
                            BINARY.toString(),
                            "-n",
                            "-f",
                            conf.toString(),
                            "-i",
                            dir.resolve("rsyslogd.pid").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("rsyslogd.out").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start rsyslogd", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new AssertionError("rsyslogd exited at start: " + log());
            }
            try (var probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcpPort), 1_000);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        stopProcess();
        throw new AssertionError("rsyslogd did not listen on tcp port " + tcpPort + " within 30 s: " + log());
    }

    private String config() {
        return """
                global(workDirectory="%s")
                module(load="imudp")
                module(load="imtcp")
                input(type="imudp" address="127.0.0.1" port="%d")
                input(type="imtcp" address="127.0.0.1" port="%d")
                template(name="received" type="list" option.jsonf="on") {
                  property(outname="msgid" name="msgid" format="jsonf")
                  property(outname="facility" name="syslogfacility-text" format="jsonf")
                  property(outname="severity" name="syslogseverity-text" format="jsonf")
                  property(outname="app" name="app-name" format="jsonf")
                  property(outname="hostname" name="hostname" format="jsonf")
                  property(outname="sd" name="structured-data" format="jsonf")
                  property(outname="msg" name="msg" format="jsonf")
                }
                action(type="omfile" file="%s" template="received")
                """.formatted(dir, udpPort, tcpPort, output);
    }

    /** Every message rsyslog wrote so far, parsed. */
    public List<JsonNode> received() {
        if (!Files.exists(output)) {
            return List.of();
        }
        try {
            var messages = new ArrayList<JsonNode>();
            for (var line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    messages.add(JSON.readTree(line));
                }
            }
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the process by its PID (SIGTERM, then SIGKILL after 10 s). */
    public void stopProcess() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public String log() {
        try {
            var file = dir.resolve("rsyslogd.out");
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        stopProcess();
    }

    private static int freeTcpPort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeUdpPort() {
        try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
