-- session_terminate.lua: terminates a session and keeps the record as a tombstone for the retention period.
-- KEYS[1] session hash   KEYS[2] the lease-slot hash of the same slot
-- ARGV    sid, expected version, node, epoch, reason code, authority (OWNER|OPERATOR), request id, retention ms
-- Returns the success shape of lib.lua, or a refusal: SESSION_NOT_FOUND, RECORD_CORRUPT, LEASE_EXPIRED,
-- NOT_COMMITTED, REPLAY_DETECTED, INVALID_STATE, OWNERSHIP_CONFLICT, STALE_VERSION.
-- Invariant: TERMINATED is final and reached once, by one version; with OWNER authority only the owner at its epoch
-- may do it; an expired session can still be terminated; the tombstone expires retention ms after termination.
local key, lease_key = KEYS[1], KEYS[2]
local sid, expected, node, epoch, reason, authority, request, retention =
    ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
local now = now_ms()

local r, reply = shared_checks(key, sid, lease_key, node, epoch, request, now)
if not r then
    return reply
end
if r.st == 'TERMINATED' then
    return reject('INVALID_STATE', r.vn, 'session ' .. sid .. ' is already terminated')
end
if authority == 'OWNER' and (r.on ~= node or r.oe ~= epoch) then
    return reject('OWNERSHIP_CONFLICT', r.vn, 'session ' .. sid .. ' is owned by ' .. r.on .. '@' .. r.oe)
end
local refusal = version_check(r, expected)
if refusal then
    return refusal
end

r.st, r.tr = 'TERMINATED', reason
commit(key, r, 1, 'TERMINATE', request, node, epoch, now, 'st', r.st, 'tr', r.tr)
redis.call('PEXPIREAT', key, now + retention)
return success(r, false, now, owner_alive(lease_key, r, node, epoch, now))
