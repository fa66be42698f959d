-- session_reattach.lua: commits an agent-proven reattach at the committing node.
-- KEYS[1] session hash   KEYS[2] the lease-slot hash of the same slot
-- ARGV    sid, expected version, nonce, request id, node, epoch, binding
-- Returns the success shape of lib.lua, or a refusal: SESSION_NOT_FOUND, RECORD_CORRUPT, LEASE_EXPIRED,
-- NOT_COMMITTED, REPLAY_DETECTED, INVALID_STATE, SESSION_EXPIRED, OWNERSHIP_CONFLICT, STALE_VERSION.
-- Invariant: exactly one reattach commits per stored version (compare-and-swap on the version, never last-write-wins),
-- nonces only grow, and the version advances by the transitions recorded: X -> RECOVERING -> ATTACHED is two, one
-- when the session already is RECOVERING. The previous owner's liveness does not matter: the agent's proof moves it.
-- When the owner changes (another node, or another epoch), po/hu name the previous owner and, if its lease in this
-- slot was alive, that lease's expiry (or, while an earlier hand-over runs, nobody and the later end: displaced in
-- lib.lua), and a hand-over is queued for it in this slot (see hand_over in lib.lua), in the same atomic step: it
-- cannot renew this slot's lease without receiving it. A reattach by the owner itself (a rebinding) carries a running
-- hand-over forward: the node before it may still forward.
local key, lease_key = KEYS[1], KEYS[2]
local sid, expected, nonce, request, node, epoch, binding =
    ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
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
local refusal = version_check(r, expected)
if refusal then
    return refusal
end
if not dec_gt(nonce, r.n) then
    return reject('REPLAY_DETECTED', r.vn, 'nonce ' .. nonce .. ' is not above the last accepted ' .. r.n)
end

local steps = 2
if r.st == 'RECOVERING' then
    steps = 1
end
if r.on ~= node or r.oe ~= epoch then
    local until_ms = hand_over(key, lease_key, r, sid, next_version(r, steps), 'REATTACH', ' ' .. node .. ' ' .. epoch, now)
    r.po, r.hu = displaced(r, until_ms, now)
else
    r.po, r.hu = running(r, now)
end
r.st, r.on, r.oe, r.b, r.n = 'ATTACHED', node, epoch, binding, nonce
commit(key, r, steps, 'REATTACH', request, node, epoch, now, 'st', r.st, 'on', r.on, 'oe', r.oe, 'b', r.b, 'n', r.n)
return success(r, false, now, true)
