package io.jumpingvpn.chaos.report;

import java.util.Locale;

/** Escaping for HTML text and attribute values (double-quoted), and number formatting that never depends on locale. */
public final class Html {

    private Html() {}

    /**
     * Escapes {@code & < > " '} and replaces control characters (other than tab and newline) and lone surrogates, so
     * that untrusted text can go into element content or a double- or single-quoted attribute value.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A coordinate or size for SVG: at most two decimals, a dot as separator. */
    static String num(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "0";
        }
        var text = String.format(Locale.ROOT, "%.2f", value);
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text.equals("-0") ? "0" : text;
    }
}
