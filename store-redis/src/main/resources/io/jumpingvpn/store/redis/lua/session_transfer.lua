-- session_transfer.lua: moves ownership to a new owner in one commit (the commit-and-move step of a transfer).
-- KEYS[1] session hash   KEYS[2] the lease-slot hash of the same slot
-- ARGV    sid, expected version, committer node, committer epoch, new owner node, new owner epoch, request id
-- Returns the success shape of lib.lua, or a refusal: SESSION_NOT_FOUND, RECORD_CORRUPT, LEASE_EXPIRED,
-- NOT_COMMITTED, REPLAY_DETECTED, INVALID_STATE, SESSION_EXPIRED, OWNERSHIP_CONFLICT, STALE_VERSION.
-- Invariant: both the committer and the new owner hold live leases; a non-owner may only take over from an owner
-- whose lease is no longer alive; state and binding are kept; the version advances by one. po/hu name the previous
-- owner and, if its lease in this slot was alive, that lease's expiry (while an earlier hand-over runs: nobody and the
-- later end, see displaced in lib.lua), except that a transfer committed by the owner itself (a migration or drain)
-- waits for nothing of it, since it froze the session first; a hand-over is queued for the previous owner in this
-- slot in the same atomic step when its lease is alive (see hand_over in lib.lua).
local key, lease_key = KEYS[1], KEYS[2]
local sid, expected, node, epoch, new_node, new_epoch, request =
    ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local now = now_ms()

local r, reply = shared_checks(key, sid, lease_key, node, epoch, request, now)
if not r then
    return reply
end
if not lease_alive(lease_key, new_node, new_epoch, now) then
    return reject('LEASE_EXPIRED', r.vn, 'lease of new owner ' .. new_node .. '@' .. new_epoch .. ' is not alive')
end
if r.st == 'TERMINATED' then
    return reject('INVALID_STATE', r.vn, 'session ' .. sid .. ' is terminated')
end
if now >= r.ean then
    return reject('SESSION_EXPIRED', r.vn, 'session ' .. sid .. ' reached its maximum lifetime')
end
local is_owner = r.on == node and r.oe == epoch
if not is_owner and lease_alive(lease_key, r.on, r.oe, now) then
    return reject('OWNERSHIP_CONFLICT', r.vn, 'session ' .. sid .. ' is owned by live ' .. r.on .. '@' .. r.oe)
end
local refusal = version_check(r, expected)
if refusal then
    return refusal
end
if r.on == new_node and r.oe == new_epoch then
    return reject('INVALID_STATE', r.vn, 'session ' .. sid .. ' is already owned by ' .. new_node .. '@' .. new_epoch)
end

local until_ms = hand_over(key, lease_key, r, sid, next_version(r, 1), 'TRANSFER', ' ' .. new_node .. ' ' .. new_epoch, now)
r.po, r.hu = displaced(r, until_ms, now)
if is_owner and r.po ~= '' then
    -- A migration or drain: the owner froze the session before committing, so it is its own release.
    r.hu = '0'
end
r.on, r.oe = new_node, new_epoch
commit(key, r, 1, 'TRANSFER', request, node, epoch, now, 'on', r.on, 'oe', r.oe)
return success(r, false, now, true)
