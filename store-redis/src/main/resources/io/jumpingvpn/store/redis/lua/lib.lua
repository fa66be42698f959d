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
-- Lease-slot hash: key <prefix>:ls:{<tag>}, fields inc (store incarnation), ep (highest epoch written here) and
--   n:<node id> = '<epoch>:<lease expiry ms>'.
--
-- Replies. Success: {1, retried 0|1, store now ms, owner lease alive 0|1, <the 17 record fields in FIELDS order>}.
-- Refusal: {0, reject code, current version or -1, detail}. Nothing is written before every check has passed, so
-- a refusal never leaves a partial write behind.

local FORMAT = '1'
local FIELDS = {'fv', 'id', 'key', 'st', 'v', 'on', 'oe', 'b', 'n', 'bv', 'lc', 'rq', 'ca', 'ua', 'ea', 'pr', 'tr'}
local LIVE_STATES = {ATTACHED = true, VOLATILE = true, DEGRADED = true, RECOVERING = true}
local COMMIT_KINDS = {CREATE = true, REATTACH = true, TRANSITION = true, TRANSFER = true, TERMINATE = true}
local RECENT = 8
local TOKEN = '^[%w%._%-]+$'
-- Numbers that take part in arithmetic stay below 2^53 so that Lua doubles hold them exactly.
local MAX_DIGITS = 15

local function now_ms()
    local t = redis.call('TIME')
    return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function is_uint(s, digits)
    return type(s) == 'string' and #s <= (digits or MAX_DIGITS) and string.match(s, '^%d+$') ~= nil
        and (s == '0' or string.sub(s, 1, 1) ~= '0')
end

local function is_token(s)
    return type(s) == 'string' and #s <= 64 and string.match(s, TOKEN) ~= nil
end

-- Compares two canonical decimal strings of any length (nonces may use all 63 bits, beyond a double's precision).
local function dec_gt(a, b)
    if #a ~= #b then
        return #a > #b
    end
    return a > b
end

local function reject(code, version, detail)
    return {0, code, version or -1, detail or ''}
end

local function parse_requests(text)
    local list = {}
    for entry in string.gmatch(text, '[^;]+') do
        local req, node, epoch, version, kind =
            string.match(entry, '^([%w%._%-]+) ([%w%._%-]+) (%d+) (%d+) ([CF])$')
        if not req or #list >= RECENT then
            return nil
        end
        list[#list + 1] = {req = req, node = node, epoch = epoch, version = version, kind = kind}
    end
    return list
end

local function encode_requests(list)
    local parts = {}
    for i = 1, #list do
        local o = list[i]
        parts[i] = o.req .. ' ' .. o.node .. ' ' .. o.epoch .. ' ' .. o.version .. ' ' .. o.kind
    end
    return table.concat(parts, ';')
end

-- Checks the invariants a stored record must satisfy; returns nil when it does, or what is wrong.
local function invalid(r, sid)
    if r.fv ~= FORMAT then return 'unknown format version' end
    if r.id ~= sid then return 'record id does not match its key' end
    if type(r.key) ~= 'string' or r.key == '' or not string.match(r.key, '^[%w_%-]+$') then return 'bad agent key' end
    if not (LIVE_STATES[r.st] or r.st == 'TERMINATED') then return 'bad state' end
    if not is_uint(r.v) or tonumber(r.v) < 1 then return 'bad version' end
    if not is_uint(r.bv) or tonumber(r.bv) >= tonumber(r.v) then return 'bad base version' end
    if not is_token(r.on) or not is_uint(r.oe) or tonumber(r.oe) < 1 then return 'bad owner' end
    if type(r.b) ~= 'string' or not string.match(r.b, '^[a-z][a-z0-9]*://[\33-\126]+$') then return 'bad binding' end
    if not is_uint(r.n, 19) then return 'bad nonce' end
    if not COMMIT_KINDS[r.lc] then return 'bad last commit' end
    if type(r.rq) ~= 'string' then return 'bad recent requests' end
    r.requests = parse_requests(r.rq)
    if not r.requests then return 'bad recent requests' end
    if not is_uint(r.ca) or not is_uint(r.ua) or not is_uint(r.ea) then return 'bad times' end
    if tonumber(r.ua) < tonumber(r.ca) or tonumber(r.ea) <= tonumber(r.ca) then return 'times out of order' end
    if not is_token(r.pr) then return 'bad policy reference' end
    if type(r.tr) ~= 'string' or (r.tr ~= '') ~= (r.st == 'TERMINATED') then return 'bad termination reason' end
    if r.tr ~= '' and not string.match(r.tr, '^[A-Z][A-Z0-9_]*$') then return 'bad termination reason' end
    return nil
end

-- Loads and validates the record at `key`. Returns the record, or nil and a refusal reply.
local function load(key, sid)
    local raw = redis.call('HMGET', key, unpack(FIELDS))
    local present = false
    local r = {}
    for i = 1, #FIELDS do
        if raw[i] then
            present = true
        end
        r[FIELDS[i]] = raw[i]
    end
    if not present then
        return nil, reject('SESSION_NOT_FOUND', -1, 'no session ' .. sid)
    end
    local why = invalid(r, sid)
    if why then
        return nil, reject('RECORD_CORRUPT', -1, 'session ' .. sid .. ': ' .. why)
    end
    r.vn = tonumber(r.v)
    r.bvn = tonumber(r.bv)
    return r
end

local function encode(r)
    local out = {}
    for i = 1, #FIELDS do
        out[i] = r[FIELDS[i]]
    end
    return out
end

local function success(r, retried, now, owner_alive)
    local reply = {1, retried and 1 or 0, now, owner_alive and 1 or 0}
    local fields = encode(r)
    for i = 1, #fields do
        reply[4 + i] = fields[i]
    end
    return reply
end

-- The lease of `node` as this lease slot holds it: epoch string and expiry ms, or nil.
local function lease_of(lease_key, node)
    local v = redis.call('HGET', lease_key, 'n:' .. node)
    if not v then
        return nil
    end
    local epoch, expiry = string.match(v, '^(%d+):(%d+)$')
    if not epoch then
        return nil
    end
    return epoch, tonumber(expiry)
end

local function lease_alive(lease_key, node, epoch, now)
    local e, expiry = lease_of(lease_key, node)
    return e ~= nil and e == epoch and now < expiry
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
    for i = 1, #r.requests do
        local o = r.requests[i]
        if o.req == request then
            if o.kind == 'F' then
                return nil, reject('NOT_COMMITTED', r.vn, 'request ' .. request .. ' was fenced by reconciliation')
            end
            if o.node == node and o.epoch == epoch then
                return nil, success(r, true, now, lease_alive(lease_key, r.on, r.oe, now))
            end
            return nil, reject('REPLAY_DETECTED', r.vn,
                'request ' .. request .. ' was committed by ' .. o.node .. '@' .. o.epoch)
        end
    end
    return r
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

-- Advances the record by `steps` versions on behalf of `request` and writes the changed fields.
local function commit(key, r, steps, kind, request, node, epoch, now, changed)
    r.bv = r.v
    r.vn = r.vn + steps
    r.v = string.format('%d', r.vn)
    r.lc = kind
    r.ua = string.format('%d', now)
    local list = r.requests
    list[#list + 1] = {req = request, node = node, epoch = epoch, version = r.v, kind = 'C'}
    while #list > RECENT do
        table.remove(list, 1)
    end
    r.rq = encode_requests(list)
    local args = {'v', r.v, 'bv', r.bv, 'lc', r.lc, 'ua', r.ua, 'rq', r.rq}
    for i = 1, #changed do
        args[#args + 1] = changed[i]
        args[#args + 1] = r[changed[i]]
    end
    redis.call('HSET', key, unpack(args))
end
