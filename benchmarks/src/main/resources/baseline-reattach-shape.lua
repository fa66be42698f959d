-- Baseline for `jvpn bench store`, run by redis-benchmark: the same Redis work as session_reattach.lua without its
-- checks. TIME, HMGET of the 17 record fields, HGET of the committer's lease field, HSET of the 10 fields a reattach
-- changes, and the reply as ONE string of 21 newline-separated values, the shape of lib.lua's success reply.
-- benchmarks/store-comparison.sh fills the session hashes and the lease field first, with values as long as the ones
-- `jvpn bench store` produces (a full outcome list of 8 entries), so the reads, writes and reply carry as many bytes.
-- KEYS[1] session hash   KEYS[2] lease hash
-- ARGV[1] node id        ARGV[2] request outcomes text   ARGV[3] binding
local t = redis.call('TIME')
local r = redis.call('HMGET', KEYS[1], 'fv', 'id', 'key', 'st', 'v', 'on', 'oe', 'b', 'n', 'bv', 'lc', 'rq', 'ca', 'ua',
    'ea', 'pr', 'tr')
local lease = redis.call('HGET', KEYS[2], 'n:' .. ARGV[1])
local v = tonumber(r[5] or '0') + 1
redis.call('HSET', KEYS[1], 'v', v, 'bv', v - 1, 'lc', 'REATTACH', 'ua', t[1], 'rq', ARGV[2], 'st', 'ATTACHED',
    'on', ARGV[1], 'oe', '1', 'b', ARGV[3], 'n', v)
local s = '\n'
return '1' .. s .. '0' .. s .. t[1] .. s .. (lease and '1' or '0') .. s .. (r[1] or '') .. s .. (r[2] or '') .. s
    .. (r[3] or '') .. s .. (r[4] or '') .. s .. (r[5] or '') .. s .. (r[6] or '') .. s .. (r[7] or '') .. s
    .. (r[8] or '') .. s .. (r[9] or '') .. s .. (r[10] or '') .. s .. (r[11] or '') .. s .. (r[12] or '') .. s
    .. (r[13] or '') .. s .. (r[14] or '') .. s .. (r[15] or '') .. s .. (r[16] or '') .. s .. (r[17] or '')
