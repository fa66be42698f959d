package io.jumpingvpn.deploy.gateway;

import io.jumpingvpn.deploy.cli.UserError;
import io.jumpingvpn.deploy.config.GatewayFile;
import io.jumpingvpn.deploy.store.StoreSpec;
import io.jumpingvpn.gateway.audit.AuditSink;
import io.jumpingvpn.gateway.audit.JsonLinesAuditSink;
import io.jumpingvpn.gateway.audit.RotatingFileAuditSink;
import io.jumpingvpn.gateway.audit.SyslogAuditSink;
import io.jumpingvpn.gateway.audit.SyslogSettings;
import io.jumpingvpn.store.redis.audit.RedisAuditStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens the audit sinks the configuration asks for; on any failure closes what it opened and says which one. */
final class AuditSinks {

    private static final long MIB = 1024L * 1024L;
    private static final int REDIS_IN_FLIGHT = 4096;

    private AuditSinks() {}

    static List<AuditSink> open(GatewayFile config, StoreSpec store) {
        var audit = config.audit();
        var sinks = new ArrayList<AuditSink>();
        try {
            if (audit.stdout()) {
                sinks.add(JsonLinesAuditSink.stdout());
            }
            if (!audit.file().path().isBlank()) {
                var file = audit.file();
                sinks.add(open(
                        "audit.file.path " + file.path(),
                        () -> RotatingFileAuditSink.open(
                                Path.of(file.path()), file.maxSizeMb() * MIB, file.maxFiles())));
            }
            for (var target : audit.syslog().targets()) {
                sinks.add(open("audit.syslog.targets " + target, () -> SyslogAuditSink.open(syslog(config, target))));
            }
            if (audit.redisStream().enabled()) {
                sinks.add(redisStream(config, store));
            }
            return List.copyOf(sinks);
        } catch (RuntimeException e) {
            close(sinks);
            throw e;
        }
    }

    private interface Opener {
        AuditSink open() throws IOException;
    }

    private static AuditSink open(String what, Opener opener) {
        try {
            return opener.open();
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot open the audit sink " + what + ": " + e.getMessage(), e);
        }
    }

    static SyslogSettings syslog(GatewayFile config, String target) {
        var syslog = config.audit().syslog();
        var transport = target.startsWith("tcp://") ? SyslogSettings.Transport.TCP : SyslogSettings.Transport.UDP;
        var hostPort = target.substring("udp://".length());
        int colon = hostPort.lastIndexOf(':');
        var host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        var settings = SyslogSettings.of(transport, host, port)
                .withFormat(
                        syslog.format().equals("json") ? SyslogSettings.Format.JSON : SyslogSettings.Format.STRUCTURED)
                .withFacility(syslog.facility())
                .withAppName(syslog.appName());
        return syslog.hostname().isBlank() ? settings : settings.withHostname(syslog.hostname());
    }

    private static AuditSink redisStream(GatewayFile config, StoreSpec store) {
        var stream = config.audit().redisStream();
        var uri = stream.uri();
        if (uri.isBlank()) {
            if (!(store instanceof StoreSpec.Redis redis)) {
                throw new UserError("config: key 'audit.redis_stream.uri' is required when the store is not Redis");
            }
            uri = redis.uri();
        }
        try {
            return new RedisStreamAuditSink(RedisAuditStream.open(
                    uri, stream.key(), stream.maxLen(), config.redis().commandTimeout(), REDIS_IN_FLIGHT));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    static void close(List<AuditSink> sinks) {
        for (var sink : sinks) {
            try {
                sink.close();
            } catch (Exception ignored) {
                // closing on the way out of a failed start: the start's own error is the one to report
            }
        }
    }
}
