-- node_renew.lua: extends a live lease in one lease slot.
-- KEYS[1] lease-slot hash
-- ARGV    node, epoch, incarnation the node registered under, lease ms
-- Returns {1, store now ms, lease expiry ms, incarnation} or {0, code, -1, detail} with STORE_STATE_LOST (the
-- incarnation is missing or different) or LEASE_EXPIRED (superseded, released or lapsed).
-- Invariant: a lapsed epoch is never revived, and nothing is renewed under a store incarnation the node did not
-- register with (Redis restarted empty, another database).
local lease_key = KEYS[1]
local node, epoch, incarnation, lease = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local now = now_ms()

local current = redis.call('HGET', lease_key, 'inc')
if current ~= incarnation then
    return {0, 'STORE_STATE_LOST', -1, 'store incarnation is ' .. (current or 'missing') .. ', registered under ' .. incarnation}
end
if not lease_alive(lease_key, node, epoch, now) then
    return {0, 'LEASE_EXPIRED', -1, 'lease of ' .. node .. '@' .. epoch .. ' is not alive'}
end
local expiry = now + lease
redis.call('HSET', lease_key, 'n:' .. node, epoch .. ':' .. string.format('%d', expiry))
return {1, now, expiry, incarnation}
