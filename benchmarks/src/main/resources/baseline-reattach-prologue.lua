-- Prologue that lets redis-benchmark run the store's real reattach script. benchmarks/store-comparison.sh prepends it
-- to lib.lua, a newline and session_reattach.lua, joined exactly as store-redis's LuaScript joins them, so that
-- everything after it is the script the store runs, with every check it makes. redis-benchmark sends the same
-- arguments on every call (only __rand_int__ in the key changes), so this derives from the stored record what a
-- client tracking versions and nonces would send, and hands the unmodified script the ARGV it reads.
-- KEYS[1] session hash <prefix>:s:{<sid>}   KEYS[2] the lease-slot hash of the same slot (both as the store names them)
-- ARGV    node, epoch, binding: the owner of every session at its epoch, so each call is an uncontended owner rebind,
--         as `jvpn bench store --contenders 1` commits
-- The script then sees ARGV = sid (cut from the key), expected version = stored v, nonce = stored n + 1 (exact below
-- 2^53, which the benchmark sessions never reach), request id 'r-<sid>-<v>' (new at every version), node, epoch,
-- binding. What this adds to each call: one HMGET of 2 fields, a plain find in the key and a table of 7 strings.
local ARGV = ARGV
do
    local key = KEYS[1]
    local sid = string.sub(key, string.find(key, ':s:{', 1, true) + 4, -2)
    local stored = redis.call('HMGET', key, 'v', 'n')
    ARGV = {sid, stored[1], string.format('%d', tonumber(stored[2]) + 1), 'r-' .. sid .. '-' .. stored[1], ARGV[1],
        ARGV[2], ARGV[3]}
end
