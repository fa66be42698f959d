package io.jumpingvpn.testkit.redis.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The end of a server's log, for error messages. */
public final class LogTail {

    private static final int MAX_BYTES = 32 * 1024;

    private LogTail() {}

    /** Size of {@code file} now, so that a later {@link #since} shows only what a new attempt wrote. */
    public static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The last {@code maxLines} lines written after byte {@code offset}, or "" when there are none. */
    public static String since(Path file, long offset, int maxLines) {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(offset, raf.length() - MAX_BYTES);
            if (start >= raf.length()) {
                return "";
            }
            byte[] bytes = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
            List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()))
                    .strip();
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    public static String tail(Path file, int maxLines) {
        return since(file, 0, maxLines);
    }
}
