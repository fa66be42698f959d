package io.jumpingvpn.protocol.keys;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.internal.Bytes;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads and writes the key files. The format is line based UTF-8 text; blank lines and lines starting with {@code #}
 * are ignored, fields are separated by spaces or tabs, keys are unpadded base64url (43 characters for 32 bytes):
 *
 * <pre>
 * secret key file (exactly one key line):  ed25519-secret-key &lt;seed&gt;
 * public key file (exactly one key line):  ed25519-public-key &lt;key&gt; [name]
 * allowlist (any number of key lines):     ed25519-public-key &lt;key&gt; [name]
 * </pre>
 *
 * <p>A public key file can therefore be appended to an allowlist as it is. Names are 1 to 64 characters of
 * {@code [A-Za-z0-9._@+-]}. Every error is a {@link KeyFileException} whose message names the file and, for a
 * malformed line, its number. Files are never overwritten: writing to an existing path fails.
 */
public final class KeyFiles {

    /** The first field of a secret key line. */
    public static final String SECRET_TAG = "ed25519-secret-key";

    /** The first field of a public key line. */
    public static final String PUBLIC_TAG = "ed25519-public-key";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@+-]{1,64}");
    private static final Pattern FIELD_SEPARATOR = Pattern.compile("[ \\t]+");
    private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private KeyFiles() {}

    /** Reads a secret key file: one {@code ed25519-secret-key <seed>} line. */
    public static IdentityKeyPair readSecretKey(Path file) throws KeyFileException {
        var line = onlyKeyLine(file, SECRET_TAG);
        if (line.fields().size() != 2) {
            throw line.error("expected '" + SECRET_TAG + " <base64url seed>'");
        }
        return IdentityKeyPair.fromSeed(decode32(line, line.fields().get(1), "secret seed"));
    }

    /** Reads a public key file: one {@code ed25519-public-key <key> [name]} line. */
    public static IdentityKey readPublicKey(Path file) throws KeyFileException {
        var line = onlyKeyLine(file, PUBLIC_TAG);
        return publicKey(line);
    }

    /** Reads an allowlist: any number of {@code ed25519-public-key <key> [name]} lines, possibly none. */
    public static AgentAllowlist readAllowlist(Path file) throws KeyFileException {
        var keys = new LinkedHashMap<IdentityKey, Optional<String>>();
        for (var line : keyLines(file)) {
            if (!line.fields().getFirst().equals(PUBLIC_TAG)) {
                throw line.error("expected '" + PUBLIC_TAG + " <base64url key> [name]', got '"
                        + Bytes.printable(line.fields().getFirst()) + "'");
            }
            var key = publicKey(line);
            keys.putIfAbsent(
                    key, line.fields().size() == 3 ? Optional.of(line.fields().get(2)) : Optional.empty());
        }
        return AgentAllowlist.of(keys);
    }

    /**
     * Writes a secret key file, readable by its owner only where the file system has POSIX permissions. Fails if the
     * file exists.
     */
    public static void writeSecretKey(Path file, IdentityKeyPair key, String description) throws KeyFileException {
        requireNonNull(key, "key");
        var text = comment(description)
                + "# Keep this file private: whoever holds it can act as this identity.\n"
                + SECRET_TAG + " " + Bytes.base64Url(key.seed()) + "\n";
        createPrivately(file);
        write(file, text);
    }

    /** Writes a public key file. Fails if the file exists. */
    public static void writePublicKey(Path file, IdentityKey key, Optional<String> name, String description)
            throws KeyFileException {
        requireNonNull(key, "key");
        requireNonNull(name, "name");
        name.ifPresent(KeyFiles::checkName);
        create(file);
        write(file, comment(description) + publicLine(key, name));
    }

    /** Writes an allowlist holding {@code allowlist}'s keys with their names. Fails if the file exists. */
    public static void writeAllowlist(Path file, AgentAllowlist allowlist, String description) throws KeyFileException {
        requireNonNull(allowlist, "allowlist");
        var text = new StringBuilder(comment(description))
                .append("# One '")
                .append(PUBLIC_TAG)
                .append(" <key> [name]' line per agent; a .pub file can be appended as it is.\n");
        for (var key : allowlist.keys()) {
            text.append(publicLine(key, allowlist.nameOf(key)));
        }
        create(file);
        write(file, text.toString());
    }

    private static String publicLine(IdentityKey key, Optional<String> name) {
        return PUBLIC_TAG + " " + key + name.map(n -> " " + n).orElse("") + "\n";
    }

    private static String comment(String description) {
        requireNonNull(description, "description");
        if (description.contains("\n") || description.contains("\r")) {
            throw new IllegalArgumentException("description must be one line");
        }
        return description.isEmpty() ? "" : "# " + description + "\n";
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "key name must be 1 to 64 characters of [A-Za-z0-9._@+-], got '" + Bytes.printable(name) + "'");
        }
    }

    private static IdentityKey publicKey(KeyLine line) throws KeyFileException {
        int count = line.fields().size();
        if (count < 2 || count > 3) {
            throw line.error("expected '" + PUBLIC_TAG + " <base64url key> [name]'");
        }
        var key = IdentityKey.of(decode32(line, line.fields().get(1), "public key"));
        if (!key.isValidPoint()) {
            throw line.error("not a valid Ed25519 public key (not a point on the curve)");
        }
        if (count == 3 && !NAME.matcher(line.fields().get(2)).matches()) {
            throw line.error("key name must be 1 to 64 characters of [A-Za-z0-9._@+-], got '"
                    + Bytes.printable(line.fields().get(2)) + "'");
        }
        return key;
    }

    private static byte[] decode32(KeyLine line, String text, String what) throws KeyFileException {
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw line.error(what + " is not unpadded base64url");
        }
        if (decoded.length != 32) {
            throw line.error(what + " must be 32 bytes (43 base64url characters), got " + decoded.length + " bytes");
        }
        return decoded;
    }

    private static KeyLine onlyKeyLine(Path file, String tag) throws KeyFileException {
        var lines = keyLines(file);
        if (lines.isEmpty()) {
            throw new KeyFileException(file + ": no '" + tag + "' line found");
        }
        if (lines.size() > 1) {
            throw lines.get(1)
                    .error("more than one key line (the first is line "
                            + lines.get(0).number() + ")");
        }
        var line = lines.getFirst();
        if (!line.fields().getFirst().equals(tag)) {
            throw line.error("expected a '" + tag + "' line, got '"
                    + Bytes.printable(line.fields().getFirst()) + "'");
        }
        return line;
    }

    private static List<KeyLine> keyLines(Path file) throws KeyFileException {
        requireNonNull(file, "file");
        var result = new ArrayList<KeyLine>();
        int number = 0;
        for (var raw : readLines(file)) {
            number++;
            var text = raw.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            result.add(new KeyLine(file, number, List.of(FIELD_SEPARATOR.split(text))));
        }
        return result;
    }

    private static List<String> readLines(Path file) throws KeyFileException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new KeyFileException(file + ": larger than " + MAX_FILE_BYTES + " bytes, not a key file");
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new KeyFileException(file + ": not UTF-8 text, not a key file", e);
        } catch (IOException e) {
            throw failure(file, "cannot read", e);
        }
    }

    private static void createPrivately(Path file) throws KeyFileException {
        requireNonNull(file, "file");
        boolean posix = file.toAbsolutePath()
                .getFileSystem()
                .supportedFileAttributeViews()
                .contains("posix");
        if (!posix) {
            create(file);
            return;
        }
        var ownerOnly = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            Files.setPosixFilePermissions(file, ownerOnly);
        } catch (IOException e) {
            throw failure(file, "cannot create", e);
        }
    }

    private static void create(Path file) throws KeyFileException {
        requireNonNull(file, "file");
        try {
            Files.createFile(file);
        } catch (IOException e) {
            throw failure(file, "cannot create", e);
        }
    }

    private static void write(Path file, String text) throws KeyFileException {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw failure(file, "cannot write", e);
        }
    }

    private static KeyFileException failure(Path file, String action, IOException e) {
        return switch (e) {
            case KeyFileException already -> already;
            case NoSuchFileException missing -> new KeyFileException(file + ": no such file", e);
            case FileAlreadyExistsException exists ->
                new KeyFileException(file + ": already exists; key files are never overwritten", e);
            case AccessDeniedException denied -> new KeyFileException(file + ": permission denied", e);
            default -> new KeyFileException(file + ": " + action + " (" + e.getMessage() + ")", e);
        };
    }

    private record KeyLine(Path file, int number, List<String> fields) {
        KeyFileException error(String problem) {
            return new KeyFileException(file + ":" + number + ": " + problem);
        }
    }
}
