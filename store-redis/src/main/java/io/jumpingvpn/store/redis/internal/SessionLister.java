package io.jumpingvpn.store.redis.internal;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.store.NodeId;
import io.jumpingvpn.store.ReadResult;
import io.jumpingvpn.store.SessionId;
import io.jumpingvpn.store.SessionRecord;
import io.jumpingvpn.store.StoreRejectCode;
import io.jumpingvpn.store.StoreResult;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Reads: one record with {@code session_read.lua}, and listing by SCAN over the session keys. */
public final class SessionLister {

    private static final long SCAN_COUNT = 500;
    private static final int MAX_SCAN_STEPS = 200_000;

    private final RedisBackend backend;
    private final LeaseSlots slots;
    private final ScriptCatalog scripts;
    private final RateLimitedLog log;

    public SessionLister(RedisBackend backend, LeaseSlots slots, ScriptCatalog scripts, RateLimitedLog log) {
        this.backend = requireNonNull(backend, "backend");
        this.slots = requireNonNull(slots, "slots");
        this.scripts = requireNonNull(scripts, "scripts");
        this.log = requireNonNull(log, "log");
    }

    /** Reads the record at {@code keys} (record key, lease-slot key). */
    public CompletableFuture<ReadResult> read(SessionId id, String[] keys) {
        return backend.evalText(scripts.read(), keys, new String[] {id.value()}).handle((reply, error) -> {
            if (error != null) {
                var failure = Failure.of(error);
                log.warn("unavailable", "Redis store unavailable: " + failure.message());
                return new ReadResult.Unavailable(failure.message());
            }
            try {
                return switch (SessionReply.decode(reply)) {
                    case SessionReply.Success s -> new ReadResult.Found(s.record(), s.storeNowMs(), s.ownerAlive());
                    case SessionReply.Refusal r
                    when r.code() == StoreRejectCode.SESSION_NOT_FOUND -> new ReadResult.Absent();
                    case SessionReply.Refusal r
                    when r.code() == StoreRejectCode.RECORD_CORRUPT -> {
                        log.warn("corrupt", "read a corrupt record: " + r.detail());
                        yield new ReadResult.Corrupt(r.detail());
                    }
                    case SessionReply.Refusal r -> new ReadResult.Unavailable(r.code() + ": " + r.detail());
                };
            } catch (RuntimeException e) {
                return new ReadResult.Unavailable("unreadable reply from " + scripts.read() + ": " + e.getMessage());
            }
        });
    }

    /** Up to {@code limit} records, scanning until enough are found or the key space is exhausted. */
    public CompletableFuture<StoreResult<List<SessionRecord>>> list(Optional<NodeId> ownedBy, int limit) {
        var found = new ArrayList<SessionRecord>();
        return step(ScanCursor.INITIAL, ownedBy, limit, found, 0)
                .exceptionally(error -> StoreResult.rejected(
                        StoreRejectCode.STORE_UNAVAILABLE,
                        "cannot list sessions: " + Failure.of(error).message()));
    }

    private CompletableFuture<StoreResult<List<SessionRecord>>> step(
            ScanCursor cursor, Optional<NodeId> ownedBy, int limit, List<SessionRecord> found, int steps) {
        return backend.scan(cursor, slots.sessionKeyPattern(), SCAN_COUNT)
                .thenCompose(page -> readPage(page).thenCompose(records -> {
                    for (var record : records) {
                        if (found.size() < limit
                                && (ownedBy.isEmpty() || record.owner().node().equals(ownedBy.get()))) {
                            found.add(record);
                        }
                    }
                    if (found.size() >= limit || page.isFinished() || steps + 1 >= MAX_SCAN_STEPS) {
                        return CompletableFuture.completedFuture(StoreResult.committed(List.copyOf(found)));
                    }
                    return step(page, ownedBy, limit, found, steps + 1);
                }));
    }

    private CompletableFuture<List<SessionRecord>> readPage(KeyScanCursor<String> page) {
        var reads = new ArrayList<CompletableFuture<ReadResult>>(page.getKeys().size());
        for (var key : page.getKeys()) {
            var sid = slots.sessionIdOf(key);
            SessionId id;
            try {
                id = sid == null ? null : new SessionId(sid);
            } catch (IllegalArgumentException e) {
                id = null;
            }
            var leaseKey = id == null ? null : slots.leaseKeyFor(id);
            if (leaseKey != null) {
                reads.add(read(id, new String[] {key, leaseKey}));
            }
        }
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            var records = new ArrayList<SessionRecord>(reads.size());
            for (var read : reads) {
                switch (read.join()) {
                    case ReadResult.Found f -> records.add(f.record());
                    case ReadResult.Absent a -> {}
                    case ReadResult.Corrupt c -> {}
                    case ReadResult.Unavailable u -> throw new Failure.FailureException(Failure.notExecuted(u.cause()));
                }
            }
            return CompletableFuture.completedFuture(records);
        });
    }
}
