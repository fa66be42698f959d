-- node_register.lua: writes a node's fresh epoch and lease into one lease slot, and the store incarnation.
-- KEYS[1] lease-slot hash <prefix>:ls:{<tag>}
-- ARGV    node, epoch, lease ms, incarnation observed in this slot ('' for none), incarnation to hold
-- Returns {1, store now ms, lease expiry ms, incarnation} or {0, 'INCARNATION_CHANGED', -1, detail}.
-- Invariant: the incarnation only changes from the value the registering node observed (compare-and-swap), so two
-- nodes initialising the store concurrently cannot silently mix incarnations; the slot's highest epoch only grows;
-- hand-overs queued for earlier epochs of the node are dropped (those epochs can never renew to read them).
local lease_key = KEYS[1]
local node, epoch, lease, observed, incarnation = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
local now = now_ms()

local current = redis.call('HGET', lease_key, 'inc') or ''
if current ~= incarnation then
    if current ~= observed then
        return {0, 'INCARNATION_CHANGED', -1, 'incarnation changed while registering'}
    end
    redis.call('HSET', lease_key, 'inc', incarnation)
end
local highest = redis.call('HGET', lease_key, 'ep')
if not highest or tonumber(highest) < tonumber(epoch) then
    redis.call('HSET', lease_key, 'ep', epoch)
end
local expiry = now + lease
redis.call('HSET', lease_key, 'n:' .. node, epoch .. ':' .. string.format('%d', expiry))
-- Registrations are rare; the hash holds the leases and the hand-overs not yet handed out.
local head, mine = 'h:' .. node .. ':', 'h:' .. node .. ':' .. epoch .. ':'
for _, name in ipairs(redis.call('HKEYS', lease_key)) do
    if string.sub(name, 1, #head) == head and string.sub(name, 1, #mine) ~= mine then
        redis.call('HDEL', lease_key, name)
    end
end
return {1, now, expiry, incarnation}
