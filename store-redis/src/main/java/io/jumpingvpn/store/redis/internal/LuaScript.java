package io.jumpingvpn.store.redis.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One operation script as Redis runs it: the shared library followed by the operation's own file, and the SHA-1 digest
 * by which Redis caches it ({@code EVALSHA}). The digest is computed here, so the store can call {@code EVALSHA} before
 * or without {@code SCRIPT LOAD} and fall back to {@code EVAL} when a node answers NOSCRIPT.
 */
public record LuaScript(String name, String body, String sha) {

    private static final String DIRECTORY = "/io/jumpingvpn/store/redis/lua/";

    public LuaScript {
        requireNonNull(name, "name");
        requireNonNull(body, "body");
        requireNonNull(sha, "sha");
    }

    /** Loads {@code lib.lua} followed by {@code <name>.lua} from the class path. */
    static LuaScript load(String name) {
        var body = resource("lib.lua") + "\n" + resource(name + ".lua");
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) > 0x7e) {
                // Redis digests the bytes it receives; ASCII keeps our digest and its digest identical everywhere.
                throw new IllegalStateException("script " + name + " contains a non-ASCII character at " + i);
            }
        }
        return new LuaScript(name, body, sha1(body));
    }

    private static String resource(String file) {
        try (var in = LuaScript.class.getResourceAsStream(DIRECTORY + file)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + DIRECTORY + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script resource " + DIRECTORY + file, e);
        }
    }

    private static String sha1(String body) {
        try {
            var digest = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1, which Redis script digests require", e);
        }
    }

    @Override
    public String toString() {
        return name + "(" + sha.substring(0, 8) + ")";
    }
}
