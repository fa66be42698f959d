-- Baseline for `jvpn bench store`, run by redis-benchmark: the same Redis work as session_reattach.lua without its
-- checks. TIME, HMGET of the 17 record fields, HGET of the committer's lease field, HSET of the 10 fields a reattach
-- changes, and a 21-value reply.
-- KEYS[1] session hash   KEYS[2] lease hash
-- ARGV[1] node id        ARGV[2] request outcomes text   ARGV[3] binding
local t = redis.call('TIME')
local r = redis.call('HMGET', KEYS[1], 'fv', 'id', 'key', 'st', 'v', 'on', 'oe', 'b', 'n', 'bv', 'lc', 'rq', 'ca', 'ua',
    'ea', 'pr', 'tr')
local lease = redis.call('HGET', KEYS[2], 'n:' .. ARGV[1])
local v = tonumber(r[5] or '0') + 1
redis.call('HSET', KEYS[1], 'v', v, 'bv', v - 1, 'lc', 'REATTACH', 'ua', t[1], 'rq', ARGV[2], 'st', 'ATTACHED',
    'on', ARGV[1], 'oe', '1', 'b', ARGV[3], 'n', v)
local out = {1, 0, t[1], lease and 1 or 0}
for i = 1, 17 do
    out[4 + i] = r[i] or ''
end
return out
