-- session_transition.lua: commits a state change the owner observed over a live transport.
-- KEYS[1] session hash   KEYS[2] the lease-slot hash of the same slot
-- ARGV    sid, expected version, from state, to state, node, epoch, request id
-- Returns the success shape of lib.lua, or a refusal: SESSION_NOT_FOUND, RECORD_CORRUPT, LEASE_EXPIRED,
-- NOT_COMMITTED, REPLAY_DETECTED, INVALID_STATE, SESSION_EXPIRED, OWNERSHIP_CONFLICT, STALE_VERSION.
-- Invariant: only the owner at its epoch, with a live lease, moves the state, from the stored version and the stored
-- state, by exactly one version; TERMINATED is never left. The owner stays, and so does a running hand-over.
local key, lease_key = KEYS[1], KEYS[2]
local sid, expected, from, to, node, epoch, request = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local now = now_ms()

local r, reply = shared_checks(key, sid, lease_key, node, epoch, request, now)
if not r then
    return reply
end
if r.st == 'TERMINATED' then
    return reject('INVALID_STATE', r.vn, 'session ' .. sid .. ' is terminated')
end
if now >= r.ean then
    return reject('SESSION_EXPIRED', r.vn, 'session ' .. sid .. ' reached its maximum lifetime')
end
if r.on ~= node or r.oe ~= epoch then
    return reject('OWNERSHIP_CONFLICT', r.vn, 'session ' .. sid .. ' is owned by ' .. r.on .. '@' .. r.oe)
end
local refusal = version_check(r, expected)
if refusal then
    return refusal
end
if r.st ~= from or not LIVE_STATES[to] then
    return reject('INVALID_STATE', r.vn, 'session ' .. sid .. ' is ' .. r.st .. ', not ' .. from)
end

r.st = to
r.po, r.hu = running(r, now)
commit(key, r, 1, 'TRANSITION', request, node, epoch, now, 'st', r.st)
return success(r, false, now, true)
