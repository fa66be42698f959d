-- node_renew.lua: extends a live lease in one lease slot and hands out the hand-overs queued there for it.
-- KEYS[1] lease-slot hash
-- ARGV    node, epoch, incarnation the node registered under, lease ms, the last hand-over this client handed out
--         from this slot for node@epoch as '<sid> <version>' ('' for none)
-- Returns {1, store now ms, lease expiry ms, incarnation, hand-overs} with the hand-overs queued after the
-- acknowledged one as stored (';'-separated '<sid> <version> <KIND>[ <node> <epoch>]', '' for none), or
-- {0, code, -1, detail} with STORE_STATE_LOST (the incarnation is missing or different) or LEASE_EXPIRED
-- (superseded, released or lapsed).
-- Invariant: a lapsed epoch is never revived, and nothing is renewed under a store incarnation the node did not
-- register with (Redis restarted empty, another database). The lease of this slot is never extended without its
-- queued hand-overs in the same reply. Entries up to the acknowledged one were handed out by an earlier renewal whose
-- reply arrived, and are removed; the others stay until a later renewal acknowledges them, so a renewal whose reply
-- is lost loses no hand-over. An acknowledged entry that is no longer queued was removed by a renewal whose reply
-- was lost: everything still queued is then new.
local lease_key = KEYS[1]
local node, epoch, incarnation, lease, ack = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
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

local field = 'h:' .. node .. ':' .. epoch
local queued = redis.call('HGET', lease_key, field) or ''
if queued ~= '' and ack ~= '' then
    -- The acknowledged entry starts the list or follows a ';', and its version is followed by ' ' (ids and kinds
    -- hold neither ';' nor ' ').
    local head = ack .. ' '
    local at = string.find(queued, head, 1, true)
    while at and at > 1 and string.byte(queued, at - 1) ~= 59 do -- ';'
        at = string.find(queued, head, at + 1, true)
    end
    if at then
        local cut = string.find(queued, ';', at, true)
        queued = cut and string.sub(queued, cut + 1) or ''
        if queued == '' then
            redis.call('HDEL', lease_key, field)
        else
            redis.call('HSET', lease_key, field, queued)
        end
    end
end
return {1, now, expiry, incarnation, queued}
