-- session_reconcile.lua: settles a request whose outcome was unknown.
-- KEYS[1] session hash   KEYS[2] the lease-slot hash of the same slot (only read, for the owner's liveness)
-- ARGV    sid, request id, node, epoch
-- Returns the success shape of lib.lua (retried = 1) when the record shows the request committed by that node at
-- that epoch; otherwise a refusal: NOT_COMMITTED, SESSION_NOT_FOUND, RECORD_CORRUPT.
-- Invariant: a request that did not commit is fenced (an F entry in the recent outcomes, version unchanged), so that
-- a late execution of it can never commit; a committed request is never rewritten.
local key, lease_key = KEYS[1], KEYS[2]
local sid, request, node, epoch = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local now = now_ms()

local r, refusal = load(key, sid)
if not r then
    return refusal
end
local o_node, o_epoch, o_kind = outcome_of(r, request)
if o_kind == 'C' and o_node == node and o_epoch == epoch then
    return success(r, true, now, lease_alive(lease_key, r.on, r.oe, now))
end
if o_kind == 'C' then
    return reject('NOT_COMMITTED', r.vn, 'request ' .. request .. ' was committed by ' .. o_node .. '@' .. o_epoch)
end
if o_kind == 'F' then
    return reject('NOT_COMMITTED', r.vn, 'request ' .. request .. ' is fenced')
end

redis.call('HSET', key, 'rq', with_outcome(r, request .. ' ' .. node .. ' ' .. epoch .. ' ' .. r.v .. ' F'))
return reject('NOT_COMMITTED', r.vn, 'request ' .. request .. ' did not commit and is now fenced')
