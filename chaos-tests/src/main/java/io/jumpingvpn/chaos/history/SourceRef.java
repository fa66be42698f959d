package io.jumpingvpn.chaos.history;

import static java.util.Objects.requireNonNull;

/**
 * Where a record came from: a file relative to the run directory ({@code /}-separated) and a 1-based line, or line 0
 * for the file as a whole (a missing file, a whole-file JSON object).
 */
public record SourceRef(String file, long line) implements Comparable<SourceRef> {

    public SourceRef {
        requireNonNull(file, "file");
        if (file.isEmpty()) {
            throw new IllegalArgumentException("file must not be empty");
        }
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, got " + line);
        }
    }

    public static SourceRef file(String file) {
        return new SourceRef(file, 0);
    }

    @Override
    public int compareTo(SourceRef other) {
        int byFile = file.compareTo(other.file);
        return byFile != 0 ? byFile : Long.compare(line, other.line);
    }

    /** {@code nodes/n1.jsonl:17}, or only the file for line 0. */
    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line;
    }
}
