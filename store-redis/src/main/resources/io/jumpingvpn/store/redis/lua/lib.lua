-- lib.lua: helpers shared by every script of the Redis session store. The Java side prepends this file to each
-- operation script before loading it, so every script is one self-contained, atomic unit.
--
-- Session record: one hash per session, key <prefix>:s:{<session id>}, fields (all strings):
--   fv format version ('1')      id session id        key agent public key (base64url)
--   st state                     v  state_version     on/oe owner node id / owner epoch
--   b  binding transport://peer  n  last nonce        bv version the last commit started from
--   lc last commit kind          rq recent request outcomes, oldest first, ';'-separated entries of
--                                   '<request> <node> <epoch> <version> <C|F>' (C committed, F fenced)
--   ca/ua/ea created/updated/expires (store ms)       pr policy reference
--   tr termination reason ('' unless TERMINATED)
--   hu store ms until which a node other than the owner may still forward (a hand-over runs), else '0'
--   po the one such node '<node>:<epoch>', whose release ends the wait early, else ''
--   (every commit writes both: a commit that changes the owner sets po to the replaced owner and hu to the expiry of
--   its lease when alive, or, while an earlier hand-over still runs, po '' and hu the later of both ends, except that
--   a transfer by the owner itself waits for nothing of it (hu 0, or the earlier end alone); a commit that keeps the
--   owner carries a running hand-over forward and clears one that ran out; a termination clears them.
--   A record written before they existed has neither, which reads as '' and '0')
-- Lease-slot hash: key <prefix>:ls:{<tag>}, fields inc (store incarnation), ep (highest epoch written here),
--   n:<node id> = '<epoch>:<lease expiry ms>', and one field per session taken from a node at an epoch whose lease was
--   alive in the slot then: h:<node id>:<epoch>:<sid> = '<version> <KIND>[ <new owner node> <new owner epoch>]' (the
--   latest such hand-over of that session), published on '<prefix>:handover:<node id>' as
--   '<epoch> <sid> <version> <KIND>[ ...]'. Renewals of that node at that epoch hand them out and remove them once
--   acknowledged; renewals of any node remove those of epochs whose lease is no longer alive. So a node at an epoch
--   has at most one pending hand-over per session it owned.
--
-- Replies of the session scripts are ONE string of newline-separated values, so that the client decodes one bulk
-- reply instead of an array. No value can hold a newline: every record field is a validated token, number, code,
-- base64url key, 'transport://peer' binding of printable characters, or request-outcome text.
--   Success: '1', retried 0|1, store now ms, owner lease alive 0|1, then the 19 record fields in FIELDS order.
--   Refusal: '0', reject code, current version or -1, detail (last, so the reader takes the rest of the string).
-- Nothing is written before every check has passed, so a refusal never leaves a partial write behind.
--
-- Costs: these checks run on every commit, inside Redis's single thread. Validation uses anchored string.find
-- without captures and tonumber; the outcome list is checked entry by entry but never unpacked into tables (the
-- request id is looked up with a plain find, an outcome is appended by string operations).

local FORMAT = '1'
local FIELDS = {'fv', 'id', 'key', 'st', 'v', 'on', 'oe', 'b', 'n', 'bv', 'lc', 'rq', 'ca', 'ua', 'ea', 'pr', 'tr',
    'po', 'hu'}
local SEP = '\n'
local LIVE_STATES = {ATTACHED = true, VOLATILE = true, DEGRADED = true, RECOVERING = true}
local COMMIT_KINDS = {CREATE = true, REATTACH = true, TRANSITION = true, TRANSFER = true, TERMINATE = true}
local RECENT = 8
-- Patterns are anchored and spell their classes as ranges: an unanchored search retries at every position, and a
-- range is cheaper to test than %w (the same set in Redis's C locale).
local TOKEN = '^[a-zA-Z0-9._-]+$'
-- One outcome entry, anchored at its first character; ';' or the end of the text must follow it.
local OUTCOME = '^[a-zA-Z0-9._-]+ [a-zA-Z0-9._-]+ [0-9]+ [0-9]+ [CF]'
-- Numbers that take part in arithmetic have at most 15 digits (< 2^53), so that Lua doubles hold them exactly.
local MAX_DIGITS = 15

local function now_ms()
    local t = redis.call('TIME')
    return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Whether `s` is a canonical decimal (digits only, no leading zero) of at most `digits` digits.
local function is_digits(s, digits)
    return type(s) == 'string' and #s <= digits and (s == '0' or string.find(s, '^[1-9][0-9]*$') ~= nil)
end

-- The value of `s` when it is a canonical decimal of at most MAX_DIGITS digits, else nil.
local function uint(s)
    if not is_digits(s, MAX_DIGITS) then
        return nil
    end
    return tonumber(s)
end

local function is_token(s)
    return type(s) == 'string' and #s <= 64 and string.find(s, TOKEN) ~= nil
end

-- Compares two canonical decimal strings of any length.
local function dec_gt(a, b)
    if #a ~= #b then
        return #a > #b
    end
    return a > b
end

local function reject(code, version, detail)
    return '0' .. SEP .. code .. SEP .. string.format('%d', version or -1) .. SEP .. (detail or '')
end

-- The number of entries of a well-formed outcome list (at most RECENT), or nil.
local function outcome_count(text)
    if type(text) ~= 'string' then
        return nil
    end
    if text == '' then
        return 0
    end
    local count, at, last = 0, 1, #text
    while count < RECENT do
        local _, e = string.find(text, OUTCOME, at)
        if not e then
            return nil
        end
        count = count + 1
        if e == last then
            return count
        end
        if string.byte(text, e + 1) ~= 59 then -- ';'
            return nil
        end
        at = e + 2
    end
    return nil
end

-- The recorded outcome of `request`: its node, epoch and kind ('C' or 'F'), or nil when the record does not remember
-- it. Ids hold neither ';' nor ' ': '<request> ' found at the start of rq or right after a ';' is a whole id at the
-- start of an entry; found anywhere else it is the end of a longer token, and the search goes on after it.
local function outcome_of(r, request)
    local rq, head = r.rq, request .. ' '
    local at = string.find(rq, head, 1, true)
    while at and at > 1 and string.byte(rq, at - 1) ~= 59 do -- ';'
        at = string.find(rq, head, at + 1, true)
    end
    if not at then
        return nil
    end
    return string.match(rq, '^[^ ]+ ([^ ]+) (%d+) %d+ ([CF])', at)
end

-- The outcome list with `entry` appended, the oldest entry dropped when RECENT are already remembered.
local function with_outcome(r, entry)
    if r.outcomes == 0 then
        return entry
    end
    local text = r.rq
    if r.outcomes >= RECENT then
        local cut = string.find(text, ';', 1, true)
        if not cut then
            return entry
        end
        text = string.sub(text, cut + 1)
    end
    return text .. ';' .. entry
end

-- Checks the invariants a stored record must satisfy; returns nil when it does, or what is wrong. On the way it
-- keeps the numbers the scripts compare: vn, bvn (versions), ean (expiry) and outcomes (entries in rq).
local function invalid(r, sid)
    if r.fv ~= FORMAT then return 'unknown format version' end
    if r.id ~= sid then return 'record id does not match its key' end
    if type(r.key) ~= 'string' or r.key == '' or not string.find(r.key, '^[a-zA-Z0-9_-]+$') then return 'bad agent key' end
    if not (LIVE_STATES[r.st] or r.st == 'TERMINATED') then return 'bad state' end
    r.vn, r.bvn = uint(r.v), uint(r.bv)
    if not r.vn or r.vn < 1 then return 'bad version' end
    if not r.bvn or r.bvn >= r.vn then return 'bad base version' end
    local oe = uint(r.oe)
    if not is_token(r.on) or not oe or oe < 1 then return 'bad owner' end
    if type(r.b) ~= 'string' or not string.find(r.b, '^[a-z][a-z0-9]*://[\33-\126]+$') then return 'bad binding' end
    -- Nonces use all 63 bits, beyond a double's precision: compared as strings (dec_gt), never as numbers.
    if not is_digits(r.n, 19) then return 'bad nonce' end
    if not COMMIT_KINDS[r.lc] then return 'bad last commit' end
    r.outcomes = outcome_count(r.rq)
    if not r.outcomes then return 'bad recent requests' end
    local ca, ua = uint(r.ca), uint(r.ua)
    r.ean = uint(r.ea)
    if not ca or not ua or not r.ean then return 'bad times' end
    if ua < ca or r.ean <= ca then return 'times out of order' end
    if not is_token(r.pr) then return 'bad policy reference' end
    if type(r.tr) ~= 'string' or (r.tr ~= '') ~= (r.st == 'TERMINATED') then return 'bad termination reason' end
    if r.tr ~= '' and not string.find(r.tr, '^[A-Z][A-Z0-9_]*$') then return 'bad termination reason' end
    if not is_digits(r.hu, MAX_DIGITS) then return 'bad hand-over time' end
    if (r.po ~= '' or r.hu ~= '0') and (r.lc == 'CREATE' or r.lc == 'TERMINATE') then
        return 'hand-over after a ' .. r.lc
    end
    if r.po ~= '' then
        if not string.find(r.po, '^[a-zA-Z0-9._-]+:[1-9][0-9]*$') or #r.po > 80 then return 'bad previous owner' end
        if r.po == r.on .. ':' .. r.oe then return 'previous owner is the owner' end
    end
    return nil
end

-- Loads and validates the record at `key`. Returns the record, or nil and a refusal reply.
local function load(key, sid)
    local f = redis.call('HMGET', key, unpack(FIELDS))
    local present = false
    for i = 1, #FIELDS do
        if f[i] then
            present = true
            break
        end
    end
    if not present then
        return nil, reject('SESSION_NOT_FOUND', -1, 'no session ' .. sid)
    end
    -- In FIELDS order; a constructor sizes the table once.
    local r = {fv = f[1], id = f[2], key = f[3], st = f[4], v = f[5], on = f[6], oe = f[7], b = f[8], n = f[9],
        bv = f[10], lc = f[11], rq = f[12], ca = f[13], ua = f[14], ea = f[15], pr = f[16], tr = f[17],
        po = f[18] or '', hu = f[19] or '0', vn = 0, bvn = 0, ean = 0, outcomes = 0}
    local why = invalid(r, sid)
    if why then
        return nil, reject('RECORD_CORRUPT', -1, 'session ' .. sid .. ': ' .. why)
    end
    return r
end

-- One concatenation of all the values (a single Lua CONCAT, no table).
local function success(r, retried, now, owner_alive)
    return '1' .. SEP .. (retried and '1' or '0') .. SEP .. string.format('%d', now) .. SEP
        .. (owner_alive and '1' or '0') .. SEP .. r.fv .. SEP .. r.id .. SEP .. r.key .. SEP .. r.st .. SEP .. r.v
        .. SEP .. r.on .. SEP .. r.oe .. SEP .. r.b .. SEP .. r.n .. SEP .. r.bv .. SEP .. r.lc .. SEP .. r.rq .. SEP
        .. r.ca .. SEP .. r.ua .. SEP .. r.ea .. SEP .. r.pr .. SEP .. r.tr .. SEP .. r.po .. SEP .. r.hu
end

-- The lease of `node` as this lease slot holds it: epoch string and expiry ms, or nil.
local function lease_of(lease_key, node)
    local v = redis.call('HGET', lease_key, 'n:' .. node)
    if not v then
        return nil
    end
    local sep = string.find(v, ':', 1, true)
    local expiry = sep and tonumber(string.sub(v, sep + 1))
    if not expiry then
        return nil
    end
    return string.sub(v, 1, sep - 1), expiry
end

-- Whether `node`'s lease in this slot is at `epoch` and not over at `now`. Compares the epoch in place.
local function lease_alive(lease_key, node, epoch, now)
    local v = redis.call('HGET', lease_key, 'n:' .. node)
    if not v or string.byte(v, #epoch + 1) ~= 58 or string.find(v, epoch, 1, true) ~= 1 then -- ':'
        return false
    end
    local expiry = tonumber(string.sub(v, #epoch + 2))
    return expiry ~= nil and now < expiry
end

-- Whether the record's owner holds a live lease, given that `node`@`epoch` was just found alive: when that is the
-- owner, the lease is not read a second time.
local function owner_alive(lease_key, r, node, epoch, now)
    if r.on == node and r.oe == epoch then
        return true
    end
    return lease_alive(lease_key, r.on, r.oe, now)
end

-- The checks every commit shares, in contract order after the record checks: the committer's lease, then the
-- request id's recorded outcome. Returns the record to go on with, or nil and the reply to return.
local function shared_checks(key, sid, lease_key, node, epoch, request, now)
    local r, refusal = load(key, sid)
    if not r then
        return nil, refusal
    end
    if not lease_alive(lease_key, node, epoch, now) then
        return nil, reject('LEASE_EXPIRED', r.vn, 'lease of ' .. node .. '@' .. epoch .. ' is not alive')
    end
    local o_node, o_epoch, o_kind = outcome_of(r, request)
    if not o_node then
        return r
    end
    if o_kind == 'F' then
        return nil, reject('NOT_COMMITTED', r.vn, 'request ' .. request .. ' was fenced by reconciliation')
    end
    if o_node == node and o_epoch == epoch then
        return nil, success(r, true, now, owner_alive(lease_key, r, node, epoch, now))
    end
    return nil, reject('REPLAY_DETECTED', r.vn, 'request ' .. request .. ' was committed by ' .. o_node .. '@' .. o_epoch)
end

-- Expected equal to stored: nil (go on). Below stored and equal to the version the last commit started from: it lost
-- the race for that version. Anything else is stale.
local function version_check(r, expected)
    local e = tonumber(expected)
    if e == r.vn then
        return nil
    end
    if e < r.vn and e == r.bvn then
        return reject('OWNERSHIP_CONFLICT', r.vn, 'version ' .. expected .. ' was already committed by another request')
    end
    return reject('STALE_VERSION', r.vn, 'expected version ' .. expected .. ', stored ' .. r.v)
end

-- The version the next commit of `steps` produces, as the decimal string the record stores.
local function next_version(r, steps)
    return string.format('%d', r.vn + steps)
end

-- Takes the session away from its owner r.on@r.oe for the commit producing `version`: when that owner's lease in
-- this slot is alive at `now`, queues a hand-over for it (field h:<node>:<epoch>:<sid>, replacing an older one of the
-- same session) and publishes it, and returns the lease's expiry; otherwise nothing is queued (a lapsed or superseded
-- epoch can never renew to read it) and the result is 0. `to` is '' for a termination, else
-- ' <new owner node> <new owner epoch>'. Costs, only when an owner is displaced: one HGET of its lease, and an HSET
-- and a PUBLISH when it is alive.
local function hand_over(key, lease_key, r, sid, version, kind, to, now)
    local v = redis.call('HGET', lease_key, 'n:' .. r.on)
    if not v or string.byte(v, #r.oe + 1) ~= 58 or string.find(v, r.oe, 1, true) ~= 1 then -- ':'
        return 0
    end
    local expiry = tonumber(string.sub(v, #r.oe + 2))
    if not expiry or now >= expiry then
        return 0
    end
    local notice = version .. ' ' .. kind .. to
    redis.call('HSET', lease_key, 'h:' .. r.on .. ':' .. r.oe .. ':' .. sid, notice)
    local prefix = string.sub(key, 1, string.find(key, ':s:{', 1, true) - 1)
    redis.call('PUBLISH', prefix .. ':handover:' .. r.on, r.oe .. ' ' .. sid .. ' ' .. notice)
    return expiry
end

-- The hand-over a commit that keeps the owner carries forward: po and hu while hu is ahead of `now`, else '' and '0'.
local function running(r, now)
    if tonumber(r.hu) > now then
        return r.po, r.hu
    end
    return '', '0'
end

-- po and hu of a commit that takes the session from r.on@r.oe, whose lease in this slot ends at `until_ms` (0: not
-- alive): that owner and the end of its lease; or, while an earlier hand-over still runs, nobody and the later of both
-- ends, since a release vouches only for the node that sends it. Call before the owner fields change.
local function displaced(r, until_ms, now)
    local _, hu = running(r, now)
    if hu == '0' then
        return r.on .. ':' .. r.oe, string.format('%d', until_ms)
    end
    return '', string.format('%d', math.max(until_ms, tonumber(hu)))
end

-- Advances the record by `steps` versions on behalf of `request` and writes, with one HSET, the fields every commit
-- changes (po and hu as the caller set them) plus the operation's own: `...` is field, value, field, value...
-- (passed through, no table is built).
local function commit(key, r, steps, kind, request, node, epoch, now, ...)
    r.bv = r.v
    r.vn = r.vn + steps
    r.v = string.format('%d', r.vn)
    r.lc = kind
    r.ua = string.format('%d', now)
    r.rq = with_outcome(r, request .. ' ' .. node .. ' ' .. epoch .. ' ' .. r.v .. ' C')
    redis.call('HSET', key, 'v', r.v, 'bv', r.bv, 'lc', r.lc, 'ua', r.ua, 'rq', r.rq, 'po', r.po, 'hu', r.hu, ...)
end
