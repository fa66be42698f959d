package io.jumpingvpn.gateway.audit;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Audit events as JSON lines (the {@link JsonLinesAuditSink} format) appended to a file that is rotated by size: when a
 * line takes the file to {@code maxBytes} or beyond, it becomes {@code FILE.1} (an existing {@code FILE.1} becomes
 * {@code FILE.2}, and so on) and a new {@code FILE} is started. At most {@code keep} rotated files are kept; the oldest
 * is deleted. Lines are never split across files, so the disk holds at most about {@code (keep + 1) * maxBytes}.
 */
public final class RotatingFileAuditSink implements AuditSink {

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;

    private RotatingFileAuditSink(Path file, long maxBytes, int keep) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        openFile();
    }

    /**
     * Opens (appending to) {@code file}, creating its parent directories.
     *
     * @param maxBytes size at which the file is rotated, 1 KiB .. 1 TiB
     * @param keep rotated files kept, 1 .. 1000
     */
    public static RotatingFileAuditSink open(Path file, long maxBytes, int keep) throws IOException {
        requireNonNull(file, "file");
        if (maxBytes < 1024 || maxBytes > (1L << 40)) {
            throw new IllegalArgumentException("audit file size limit " + maxBytes + " is outside 1024..2^40 bytes");
        }
        if (keep < 1 || keep > 1000) {
            throw new IllegalArgumentException("audit files kept " + keep + " is outside 1..1000");
        }
        var parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new RotatingFileAuditSink(file, maxBytes, keep);
    }

    private void openFile() throws IOException {
        size = Files.exists(file) ? Files.size(file) : 0;
        out = new BufferedOutputStream(new FileOutputStream(file.toFile(), true), 64 * 1024);
    }

    @Override
    public void write(AuditEvent event) throws IOException {
        var line = (JsonLinesAuditSink.toJson(event) + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(line);
        size += line.length;
        if (size >= maxBytes) {
            rotate();
        }
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        openFile();
    }

    /** {@code FILE.n}. */
    public Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public String toString() {
        return "RotatingFileAuditSink[" + file + ", " + maxBytes + " bytes, keep " + keep + "]";
    }
}
