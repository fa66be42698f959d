package io.jumpingvpn.deploy.bench.rig;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a rate per second as people type it: {@code 200/s} or {@code 200}. */
public final class RateConverter implements ITypeConverter<Double> {

    private static final Pattern RATE = Pattern.compile("(\\d{1,7}(?:\\.\\d{1,3})?)(?:/s)?");

    @Override
    public Double convert(String value) {
        var m = RATE.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a rate (use e.g. 200/s)");
        }
        return Double.parseDouble(m.group(1));
    }
}
