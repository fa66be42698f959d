-- node_renew.lua: extends a live lease in one lease slot and hands out the hand-overs queued there for it.
-- KEYS[1] lease-slot hash
-- ARGV    node, epoch, incarnation the node registered under, lease ms, and the hand-overs this client handed out
--         from this slot with its last committed renewal of node@epoch, as ';'-separated '<sid> <version>' ('' for
--         none)
-- Returns {1, store now ms, lease expiry ms, incarnation, hand-overs} with every hand-over still queued for
-- node@epoch after the acknowledged ones were removed, ';'-separated '<sid> <version> <KIND>[ <node> <epoch>]' ('' for
-- none), or {0, code, -1, detail} with STORE_STATE_LOST (the incarnation is missing or different) or LEASE_EXPIRED
-- (superseded, released or lapsed).
-- Invariant: a lapsed epoch is never revived, and nothing is renewed under a store incarnation the node did not
-- register with (Redis restarted empty, another database). The lease in this slot is never extended without the
-- queued hand-overs in the same reply. A hand-over is removed only once acknowledged (a newer one of the same session
-- stays), so a renewal whose reply is lost loses none: the next renewal returns it again. Hand-overs queued for
-- epochs whose lease is no longer alive in this slot are removed on the way (nobody can ever read them).
local lease_key = KEYS[1]
local node, epoch, incarnation, lease, acks = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
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

local mine = 'h:' .. node .. ':' .. epoch .. ':'
for sid, version in string.gmatch(acks, '([^ ;]+) ([0-9]+)') do
    local field = mine .. sid
    local queued = redis.call('HGET', lease_key, field)
    if queued and string.find(queued, version .. ' ', 1, true) == 1 then
        redis.call('HDEL', lease_key, field)
    end
end

-- One pass over the slot: this node's hand-overs, and those of dead epochs to drop. The hash holds a lease per node
-- and at most one hand-over per session a live epoch lost since its last renewal, plus those of epochs that died since
-- the last renewal of any node.
local handed, alive = {}, {}
local all = redis.call('HGETALL', lease_key)
for i = 1, #all, 2 do
    local name = all[i]
    if string.byte(name, 1) == 104 and string.byte(name, 2) == 58 then -- 'h:'
        if string.sub(name, 1, #mine) == mine then
            handed[#handed + 1] = string.sub(name, #mine + 1) .. ' ' .. all[i + 1]
        else
            local owner, owner_epoch = string.match(name, '^h:([^:]+):([0-9]+):')
            local ref = (owner or '') .. ':' .. (owner_epoch or '')
            if alive[ref] == nil then
                alive[ref] = owner ~= nil and lease_alive(lease_key, owner, owner_epoch, now)
            end
            if not alive[ref] then
                redis.call('HDEL', lease_key, name)
            end
        end
    end
end
return {1, now, expiry, incarnation, table.concat(handed, ';')}
