-- session_create.lua: creates a session record in ATTACHED at version 1, owned by the creating node.
-- KEYS[1] session hash <prefix>:s:{<sid>}   KEYS[2] the lease-slot hash of the same slot
-- ARGV    sid, agent key, node, epoch, binding, request id, max lifetime ms, policy ref, tombstone retention ms
-- Returns the success shape of lib.lua, or a refusal: LEASE_EXPIRED, SESSION_EXISTS, RECORD_CORRUPT.
-- Invariant: a record is written only by a node whose lease at its epoch is alive, only where none exists (a repeat
-- of this very request from this very node gets the existing record back), and it expires (PEXPIREAT, store clock)
-- at its end of life plus the tombstone retention.
local key, lease_key = KEYS[1], KEYS[2]
local sid, agent_key, node, epoch, binding, request, lifetime, policy, retention =
    ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8], tonumber(ARGV[9])
local now = now_ms()

if not lease_alive(lease_key, node, epoch, now) then
    return reject('LEASE_EXPIRED', -1, 'lease of ' .. node .. '@' .. epoch .. ' is not alive')
end
if redis.call('EXISTS', key) == 1 then
    local r, refusal = load(key, sid)
    if not r then
        return refusal
    end
    local o_node, o_epoch, o_kind = outcome_of(r, request)
    if o_kind == 'C' and o_node == node and o_epoch == epoch then
        return success(r, true, now, owner_alive(lease_key, r, node, epoch, now))
    end
    return reject('SESSION_EXISTS', r.vn, 'session ' .. sid .. ' already exists')
end

local r = {
    fv = FORMAT, id = sid, key = agent_key, st = 'ATTACHED', v = '1', on = node, oe = epoch, b = binding,
    n = '0', bv = '0', lc = 'CREATE', rq = request .. ' ' .. node .. ' ' .. epoch .. ' 1 C',
    ca = string.format('%d', now), ua = string.format('%d', now), ea = string.format('%d', now + lifetime),
    pr = policy, tr = '', po = '', hu = '0'
}
local args = {}
for i = 1, #FIELDS do
    args[#args + 1] = FIELDS[i]
    args[#args + 1] = r[FIELDS[i]]
end
redis.call('HSET', key, unpack(args))
redis.call('PEXPIREAT', key, now + lifetime + retention)
return success(r, false, now, true)
