-- node_release.lua: ends a node's lease now in one lease slot.
-- KEYS[1] lease-slot hash
-- ARGV    node, epoch
-- Returns {1, store now ms, lease expiry ms, incarnation or ''} or {0, 'LEASE_EXPIRED', -1, detail} when this slot
-- holds another epoch of the node (superseded) or none.
-- Invariant: a release only ever shortens the lease of exactly that epoch, and drops the hand-overs queued for it (a
-- released epoch can never renew to read them).
local lease_key = KEYS[1]
local node, epoch = ARGV[1], ARGV[2]
local now = now_ms()

local e, expiry = lease_of(lease_key, node)
if e ~= epoch then
    return {0, 'LEASE_EXPIRED', -1, 'lease of ' .. node .. '@' .. epoch .. ' was superseded or never registered'}
end
if expiry > now then
    expiry = now
    redis.call('HSET', lease_key, 'n:' .. node, epoch .. ':' .. string.format('%d', expiry))
end
local mine = 'h:' .. node .. ':' .. epoch .. ':'
for _, name in ipairs(redis.call('HKEYS', lease_key)) do
    if string.sub(name, 1, #mine) == mine then
        redis.call('HDEL', lease_key, name)
    end
end
return {1, now, expiry, redis.call('HGET', lease_key, 'inc') or ''}
