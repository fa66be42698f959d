-- session_read.lua: reads one record with the store time and whether its owner's lease is alive.
-- KEYS[1] session hash   KEYS[2] the lease-slot hash of the same slot
-- ARGV    sid
-- Returns the success shape of lib.lua (retried = 0), or a refusal: SESSION_NOT_FOUND, RECORD_CORRUPT.
-- Invariant: read-only; the owner's liveness is judged at the owner's epoch with the store's clock.
local key, lease_key = KEYS[1], KEYS[2]
local sid = ARGV[1]
local now = now_ms()

local r, refusal = load(key, sid)
if not r then
    return refusal
end
return success(r, false, now, lease_alive(lease_key, r.on, r.oe, now))
