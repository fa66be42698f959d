package io.jumpingvpn.store.redis.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.SessionId;
import io.lettuce.core.cluster.SlotHash;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The key layout, and the placement of node-lease copies so that every session script touches one hash slot.
 *
 * <p>A session script must check the committing node's lease atomically with the record, but Redis Cluster lets a
 * script touch keys of one slot only. So the leases are copied into P "lease slots": for each there is one hash
 * {@code <prefix>:ls:{<tag>}} whose tag hashes to exactly that slot, and session ids are drawn until the id's own slot is
 * one of them. A session script's keys are then {@code <prefix>:s:{<id>}} and the lease hash of the same slot. In
 * standalone and Sentinel mode there is a single lease hash and any id works.
 *
 * <p>Everything here is deterministic in (prefix, P): every node of a cluster computes the same tags and the same
 * slots, which is what lets them share leases.
 */
public final class LeaseSlots {

    private static final int ID_BYTES = 16;
    private static final int MAX_TAG_CANDIDATES = 10_000_000;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String prefix;
    private final boolean cluster;
    private final int[] slots;
    private final String[] leaseKeys;
    /** Index of the lease slot for each of the 16384 hash slots, or -1. Only in cluster mode. */
    private final short[] indexBySlot;

    private final SecureRandom random = new SecureRandom();

    private LeaseSlots(String prefix, boolean cluster, int[] slots, String[] tags) {
        this.prefix = prefix;
        this.cluster = cluster;
        this.slots = slots;
        this.leaseKeys = new String[tags.length];
        this.indexBySlot = new short[SlotHash.SLOT_COUNT];
        Arrays.fill(indexBySlot, (short) -1);
        for (int i = 0; i < tags.length; i++) {
            leaseKeys[i] = prefix + ":ls:{" + tags[i] + "}";
            indexBySlot[slots[i]] = (short) i;
        }
    }

    /** One lease hash; any session id. */
    public static LeaseSlots single(String prefix) {
        requireNonNull(prefix, "prefix");
        return new LeaseSlots(prefix, false, new int[] {SlotHash.getSlot("0")}, new String[] {"0"});
    }

    /**
     * {@code count} lease slots spread evenly over the hash-slot space (so that a cluster with evenly split slots gets
     * them on every master), each with the first tag of a fixed candidate sequence that hashes to it.
     */
    public static LeaseSlots cluster(String prefix, int count) {
        requireNonNull(prefix, "prefix");
        if (count < 1 || count > SlotHash.SLOT_COUNT) {
            throw new IllegalArgumentException("lease slot count must be in [1, 16384], got " + count);
        }
        var slots = new int[count];
        var wanted = new int[SlotHash.SLOT_COUNT];
        Arrays.fill(wanted, -1);
        for (int i = 0; i < count; i++) {
            slots[i] = (int) ((long) i * SlotHash.SLOT_COUNT / count);
            wanted[slots[i]] = i;
        }
        var tags = new String[count];
        int found = 0;
        for (int n = 0; n < MAX_TAG_CANDIDATES && found < count; n++) {
            var tag = Integer.toString(n, 36);
            int index = wanted[SlotHash.getSlot(tag)];
            if (index >= 0 && tags[index] == null) {
                tags[index] = tag;
                found++;
            }
        }
        if (found < count) {
            throw new IllegalStateException("no tag found for " + (count - found) + " lease slots");
        }
        return new LeaseSlots(prefix, true, slots, tags);
    }

    public int count() {
        return leaseKeys.length;
    }

    public String leaseKey(int index) {
        return leaseKeys[index];
    }

    public List<String> leaseKeys() {
        return List.of(leaseKeys);
    }

    /** The hash slot of lease slot {@code index}. */
    public int slot(int index) {
        return slots[index];
    }

    public String sessionKey(SessionId id) {
        return prefix + ":s:{" + id.value() + "}";
    }

    /** The pattern that matches every session key of this store, for SCAN. */
    public String sessionKeyPattern() {
        return prefix + ":s:*";
    }

    /** The session id inside a session key, or null when {@code key} is not one of ours. */
    public String sessionIdOf(String key) {
        var head = prefix + ":s:{";
        if (!key.startsWith(head) || !key.endsWith("}")) {
            return null;
        }
        return key.substring(head.length(), key.length() - 1);
    }

    /** The global epoch counter. */
    public String epochKey() {
        return prefix + ":epoch";
    }

    /**
     * The lease hash that shares {@code id}'s slot, or null in cluster mode when the id's slot holds no lease copy (an
     * id this store did not hand out: no record of it can exist here).
     */
    public String leaseKeyFor(SessionId id) {
        if (!cluster) {
            return leaseKeys[0];
        }
        int index = indexBySlot[SlotHash.getSlot(id.value())];
        return index < 0 ? null : leaseKeys[index];
    }

    /**
     * A fresh 128-bit id, base64url. In cluster mode the last two bytes are searched until the id's slot is a lease
     * slot (about 16384/P tries); the other fourteen stay random, so the id stays unguessable.
     */
    public SessionId newSessionId() {
        var bytes = new byte[ID_BYTES];
        var text = new byte[22];
        for (int draw = 0; draw < 64; draw++) {
            random.nextBytes(bytes);
            if (!cluster) {
                return new SessionId(BASE64URL.encodeToString(bytes));
            }
            for (int k = 0; k < 65_536; k++) {
                bytes[ID_BYTES - 2] = (byte) (k >>> 8);
                bytes[ID_BYTES - 1] = (byte) k;
                BASE64URL.encode(bytes, text);
                if (indexBySlot[SlotHash.getSlot(text)] >= 0) {
                    return new SessionId(new String(text, java.nio.charset.StandardCharsets.US_ASCII));
                }
            }
        }
        throw new IllegalStateException("no session id found in a lease slot after 64 draws");
    }
}
