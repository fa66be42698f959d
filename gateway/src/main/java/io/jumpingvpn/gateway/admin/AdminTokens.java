package io.jumpingvpn.gateway.admin;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.gateway.GatewayStartException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens the admin API accepts, each bound to an operator name, read from a file: one token per line, either
 * {@code TOKEN} (named {@code admin}) or {@code NAME TOKEN}; blank lines and lines starting with {@code #} are skipped.
 * A token is 16 to 256 printable ASCII characters without spaces. A presented token is compared with every known one in
 * constant time (SHA-256 of both, {@link MessageDigest#isEqual}), so neither its content nor which token matched leaks
 * through timing. Immutable.
 */
public final class AdminTokens {

    /** The operator name of a token written without one. */
    public static final String DEFAULT_NAME = "admin";

    private static final Logger log = LoggerFactory.getLogger(AdminTokens.class);
    private static final int MIN_TOKEN = 16;
    private static final int MAX_TOKEN = 256;

    private record Entry(String name, byte[] digest) {}

    private final List<Entry> entries;
    /**
     * The first token of the file, kept as text: the one a node presents to the other members' admin APIs under sticky
     * routing ({@link PeerImporter}), the file being the same on every node.
     */
    private final String first;

    private AdminTokens(List<Entry> entries, String first) {
        this.entries = List.copyOf(entries);
        this.first = requireNonNull(first, "first");
    }

    /**
     * Reads {@code file}. Fails with one line naming the file and the line when it cannot be read, holds no token, or a
     * line is not {@code TOKEN} or {@code NAME TOKEN}. Warns (once) when others than the owner may read it.
     */
    public static AdminTokens load(Path file) {
        requireNonNull(file, "file");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GatewayStartException("cannot read the admin token file " + file + ": " + e.getMessage());
        }
        warnIfShared(file);
        var entries = new ArrayList<Entry>();
        var names = new HashSet<String>();
        String first = null;
        for (int i = 0; i < lines.size(); i++) {
            var line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            var where = "admin token file " + file + " line " + (i + 1) + ": ";
            var parts = line.split("\\s+");
            if (parts.length > 2) {
                throw new GatewayStartException(where + "expected TOKEN or NAME TOKEN, got " + parts.length + " words");
            }
            var name = parts.length == 2 ? parts[0] : DEFAULT_NAME;
            var token = parts.length == 2 ? parts[1] : parts[0];
            if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
                throw new GatewayStartException(where + "the name must be 1 to 64 of [A-Za-z0-9._@-]");
            }
            if (token.length() < MIN_TOKEN || token.length() > MAX_TOKEN || !printable(token)) {
                throw new GatewayStartException(where + "a token is " + MIN_TOKEN + " to " + MAX_TOKEN
                        + " printable characters without spaces (jvpn keygen-style: head -c 32 /dev/urandom | base64)");
            }
            if (!names.add(name)) {
                throw new GatewayStartException(where + "the name " + name + " is used twice");
            }
            entries.add(new Entry(name, sha256(token)));
            if (first == null) {
                first = token;
            }
        }
        if (entries.isEmpty()) {
            throw new GatewayStartException("the admin token file " + file + " holds no token");
        }
        return new AdminTokens(entries, first);
    }

    /** Tokens given in code (tests, embedding): name to token. */
    public static AdminTokens of(String name, String token) {
        requireNonNull(name, "name");
        requireNonNull(token, "token");
        if (token.length() < MIN_TOKEN || !printable(token)) {
            throw new IllegalArgumentException("a token is at least " + MIN_TOKEN + " printable characters");
        }
        return new AdminTokens(List.of(new Entry(name, sha256(token))), token);
    }

    /** The token this node presents to other members (the first of the file). */
    String first() {
        return first;
    }

    /**
     * The operator name bound to {@code presented}, if it is one of the tokens. Every known token is compared, in
     * constant time each, whatever matches.
     */
    public Optional<String> operatorOf(String presented) {
        requireNonNull(presented, "presented");
        var digest = sha256(presented);
        String match = null;
        for (var entry : entries) {
            if (MessageDigest.isEqual(digest, entry.digest()) && match == null) {
                match = entry.name();
            }
        }
        return Optional.ofNullable(match);
    }

    /** How many tokens there are. */
    public int size() {
        return entries.size();
    }

    private static boolean printable(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void warnIfShared(Path file) {
        try {
            var permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("the admin token file {} is readable by others than its owner (chmod 600 it)", file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    @Override
    public String toString() {
        return "AdminTokens[" + entries.stream().map(Entry::name).toList() + "]";
    }
}
