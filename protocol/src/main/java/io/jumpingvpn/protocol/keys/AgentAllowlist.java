package io.jumpingvpn.protocol.keys;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent public keys a gateway admits, each with an optional name for logs. Immutable and thread-safe; lookups are
 * hash lookups, cheap enough to run before any signature check.
 */
public final class AgentAllowlist {

    private final Map<IdentityKey, Optional<String>> keys;

    private AgentAllowlist(Map<IdentityKey, Optional<String>> keys) {
        this.keys = Collections.unmodifiableMap(keys);
    }

    public static AgentAllowlist of(Map<IdentityKey, Optional<String>> keys) {
        requireNonNull(keys, "keys");
        var copy = new LinkedHashMap<IdentityKey, Optional<String>>();
        keys.forEach((key, name) -> copy.put(requireNonNull(key, "key"), requireNonNull(name, "name")));
        return new AgentAllowlist(copy);
    }

    public static AgentAllowlist of(IdentityKey... keys) {
        var copy = new LinkedHashMap<IdentityKey, Optional<String>>();
        for (var key : keys) {
            copy.put(requireNonNull(key, "key"), Optional.empty());
        }
        return new AgentAllowlist(copy);
    }

    public boolean contains(IdentityKey key) {
        return keys.containsKey(requireNonNull(key, "key"));
    }

    /** The name given to {@code key} in the allowlist file, if any. */
    public Optional<String> nameOf(IdentityKey key) {
        return keys.getOrDefault(requireNonNull(key, "key"), Optional.empty());
    }

    /** The keys in file order. */
    public Set<IdentityKey> keys() {
        return keys.keySet();
    }

    public int size() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "AgentAllowlist[" + keys.size() + " keys]";
    }
}
