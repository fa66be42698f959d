-- node_list.lua: reads one lease slot.
-- KEYS[1] lease-slot hash
-- ARGV    none
-- Returns {store now ms, incarnation or '', highest epoch or '0', node id, lease value, node id, lease value, ...}
-- with lease values as stored ('<epoch>:<expiry ms>').
-- Invariant: read-only.
local lease_key = KEYS[1]
local now = now_ms()
local reply = {now, redis.call('HGET', lease_key, 'inc') or '', redis.call('HGET', lease_key, 'ep') or '0'}
local all = redis.call('HGETALL', lease_key)
for i = 1, #all, 2 do
    local name = all[i]
    if string.sub(name, 1, 2) == 'n:' then
        reply[#reply + 1] = string.sub(name, 3)
        reply[#reply + 1] = all[i + 1]
    end
end
return reply
