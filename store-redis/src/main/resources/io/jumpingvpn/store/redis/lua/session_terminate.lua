-- session_terminate.lua: terminates a session and keeps the record as a tombstone for the retention period.
-- KEYS[1] session hash   KEYS[2] the lease-slot hash of the same slot
-- ARGV    sid, expected version, node, epoch, reason code, authority (OWNER|OPERATOR), request id, retention ms,
--         transitions (1..8: the pending local transitions committed with the termination, plus the termination)
-- Returns the success shape of lib.lua, or a refusal: SESSION_NOT_FOUND, RECORD_CORRUPT, LEASE_EXPIRED,
-- NOT_COMMITTED, REPLAY_DETECTED, INVALID_STATE, OWNERSHIP_CONFLICT, STALE_VERSION.
-- Invariant: TERMINATED is final and reached once, by one version; with OWNER authority only the owner at its epoch
-- may do it; an expired session can still be terminated; the tombstone expires retention ms after termination; the
-- version advances by `transitions`. Owner and binding stay (po = '', hu = '0'); a termination by a node other than
-- the owner queues a TERMINATE hand-over for the owner if its lease in this slot is alive (hand_over in lib.lua).
local key, lease_key = KEYS[1], KEYS[2]
local sid, expected, node, epoch, reason, authority, request, retention =
    ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
local transitions = tonumber(ARGV[9])
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

if not transitions or transitions < 1 or transitions > 8 or transitions % 1 ~= 0 then
    return reject('INVALID_STATE', r.vn, 'a termination commits 1 to 8 transitions, got ' .. tostring(ARGV[9]))
end
if r.on ~= node or r.oe ~= epoch then
    hand_over(key, lease_key, r, sid, next_version(r, transitions), 'TERMINATE', '', now)
end
r.st, r.tr, r.po, r.hu = 'TERMINATED', reason, '', '0'
commit(key, r, transitions, 'TERMINATE', request, node, epoch, now, 'st', r.st, 'tr', r.tr)
redis.call('PEXPIREAT', key, now + retention)
return success(r, false, now, owner_alive(lease_key, r, node, epoch, now))
