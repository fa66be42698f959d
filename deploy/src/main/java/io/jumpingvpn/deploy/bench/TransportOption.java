package io.jumpingvpn.deploy.bench;

import io.jumpingvpn.protocol.wire.TransportKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --transport udp|tcp}. */
public final class TransportOption implements ITypeConverter<TransportKind> {

    @Override
    public TransportKind convert(String value) {
        return switch (value.trim()) {
            case "udp" -> TransportKind.UDP;
            case "tcp" -> TransportKind.TCP;
            default -> throw new TypeConversionException("'" + value + "' is not a transport (use udp or tcp)");
        };
    }
}
