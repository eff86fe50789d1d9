//! The Lua scripts of the Redis store: every check-and-write of the record is one
//! script, so two instances can never both decide on the same key.
//!
//! The record scripts all take the same five keys — `KEYS[1]` the record hash,
//! `KEYS[2]` `once:idx` (member → expiry ms, `+inf` while claimed or unknown; the
//! entry cap), `KEYS[3]` `once:open` (member → created µs; the ops listing),
//! `KEYS[4]` `once:sizes` and `KEYS[5]` `once:bytes` (the byte cap) — and share
//! [`PRELUDE`]. Times come from Redis's `TIME`, so the instances' clocks never
//! matter. Numbers are written with `%.0f`: Lua numbers are doubles and `%.14g`
//! (the default conversion) would drop digits of a millisecond timestamp.

/// Helpers prepended to every record script.
const PRELUDE: &str = r#"
local function now_us()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local function fmt(n) return string.format('%.0f', n) end
-- The same count as store::record_bytes, so every store fills up alike.
local function record_bytes(id, text) return 160 + 2 * (#id + 8) + #text end
local function set_size(member, new)
  local old = tonumber(redis.call('HGET', KEYS[4], member) or '0')
  redis.call('HSET', KEYS[4], member, fmt(new))
  redis.call('INCRBY', KEYS[5], fmt(new - old))
end
local function forget(member)
  local old = tonumber(redis.call('HGET', KEYS[4], member) or '0')
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], member)
  redis.call('ZREM', KEYS[3], member)
  redis.call('HDEL', KEYS[4], member)
  redis.call('DECRBY', KEYS[5], fmt(old))
end
-- Answered: replayed until now + ttl; the record and its index entry expire together.
local function answer(member, id, status, body, ttl_ms, now_ms)
  local exp = now_ms + tonumber(ttl_ms)
  set_size(member, record_bytes(id, body))
  redis.call('HSET', KEYS[1], 'state', 'done', 'status', status, 'body', body)
  redis.call('HDEL', KEYS[1], 'lease_until', 'reason', 'reason_code')
  redis.call('PEXPIREAT', KEYS[1], fmt(exp))
  redis.call('ZADD', KEYS[2], fmt(exp), member)
  redis.call('ZREM', KEYS[3], member)
end
-- Unknown: no expiry (kept until ops resolve it: forgetting it would let a retry resend).
local function unknown(member, id, reason, code)
  set_size(member, record_bytes(id, reason))
  redis.call('HSET', KEYS[1], 'state', 'unknown', 'reason', reason, 'reason_code', code)
  redis.call('HDEL', KEYS[1], 'lease_until')
  redis.call('PERSIST', KEYS[1])
  redis.call('ZADD', KEYS[2], '+inf', member)
end
-- A claim whose lease ran out: its claimant stopped (maybe after sending), never resend.
local function lapse_if_expired(member, reason, now_ms)
  if redis.call('HGET', KEYS[1], 'state') ~= 'claimed' then return 0 end
  if tonumber(redis.call('HGET', KEYS[1], 'lease_until')) >= now_ms then return 0 end
  unknown(member, redis.call('HGET', KEYS[1], 'id'), reason, 'lease_expired')
  return 1
end
"#;

/// CLAIM. ARGV: 1 fingerprint (hex), 2 owner, 3 lease ms, 4 max entries,
/// 5 max bytes, 6 member, 7 kind, 8 id, 9 reason for a lapsed lease.
/// Returns `{'granted'}`, `{'replay', status, body}`, `{'in_flight'}`,
/// `{'conflict'}`, `{'unknown'}` or `{'full'}`.
const CLAIM: &str = r#"
local now = now_us()
local now_ms = math.floor(now / 1000)
local state = redis.call('HGET', KEYS[1], 'state')
if state then
  if redis.call('HGET', KEYS[1], 'fp') ~= ARGV[1] then return {'conflict'} end
  if state == 'done' then
    return {'replay', redis.call('HGET', KEYS[1], 'status'), redis.call('HGET', KEYS[1], 'body')}
  end
  if state == 'unknown' then return {'unknown'} end
  -- Our own claim again: its first reply was lost, so the retry is granted (idempotent).
  if redis.call('HGET', KEYS[1], 'owner') == ARGV[2] then return {'granted'} end
  if lapse_if_expired(ARGV[6], ARGV[9], now_ms) == 1 then return {'unknown'} end
  return {'in_flight'}
end
-- Index entries of answered records that expired (strictly before now, as Redis
-- expires keys), so the caps count live records only.
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. fmt(now_ms), 'LIMIT', 0, 256)) do
  local b = tonumber(redis.call('HGET', KEYS[4], m) or '0')
  redis.call('ZREM', KEYS[2], m)
  redis.call('HDEL', KEYS[4], m)
  redis.call('DECRBY', KEYS[5], fmt(b))
end
-- A leftover index entry of this very member is replaced, not counted twice.
local count = redis.call('ZCARD', KEYS[2]) - (redis.call('ZSCORE', KEYS[2], ARGV[6]) and 1 or 0)
if count >= tonumber(ARGV[4]) or tonumber(redis.call('GET', KEYS[5]) or '0') >= tonumber(ARGV[5]) then
  return {'full'}
end
-- Claimed records have no expiry: one nobody reads again must still turn unknown, not vanish.
redis.call('HSET', KEYS[1], 'state', 'claimed', 'fp', ARGV[1], 'owner', ARGV[2],
  'lease_until', fmt(now_ms + tonumber(ARGV[3])), 'created', fmt(now_ms),
  'kind', ARGV[7], 'id', ARGV[8])
redis.call('ZADD', KEYS[2], '+inf', ARGV[6])
redis.call('ZADD', KEYS[3], fmt(now), ARGV[6])
set_size(ARGV[6], record_bytes(ARGV[8], ''))
return {'granted'}
"#;

/// RENEW. ARGV: 1 owner, 2 lease ms. Returns 1 when renewed, 0 when the claim is
/// no longer ours (settled, or declared unknown by someone who saw it lapse).
const RENEW: &str = r#"
local now_ms = math.floor(now_us() / 1000)
if redis.call('HGET', KEYS[1], 'state') ~= 'claimed' or redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then
  return 0
end
-- A lapsed lease nobody observed yet may still be renewed: observing converts it
-- atomically, so a renewal never races with another claimant's decision.
redis.call('HSET', KEYS[1], 'lease_until', fmt(now_ms + tonumber(ARGV[2])))
return 1
"#;

/// SETTLE. ARGV: 1 owner, 2 `answered`|`nothing`|`unknown`, 3 status, 4 body,
/// 5 reason, 6 ttl ms, 7 member, 8 id. Returns 1 when recorded, 0 when the record
/// is not ours to settle.
const SETTLE: &str = r#"
local now_ms = math.floor(now_us() / 1000)
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
local state = redis.call('HGET', KEYS[1], 'state')
-- A late settle still counts: the owner's real outcome replaces "unknown, lease expired".
if not (state == 'claimed' or (state == 'unknown' and redis.call('HGET', KEYS[1], 'reason_code') == 'lease_expired')) then
  return 0
end
if ARGV[2] == 'nothing' then
  forget(ARGV[7])
elseif ARGV[2] == 'answered' then
  answer(ARGV[7], ARGV[8], ARGV[3], ARGV[4], ARGV[6], now_ms)
else
  unknown(ARGV[7], ARGV[8], ARGV[5], 'sent')
end
return 1
"#;

/// EXPIRE-TO-UNKNOWN (the listing and the sweeper). ARGV: 1 reason, 2 member.
/// Returns 1 when the claim had lapsed and is unknown now.
const EXPIRE: &str = r#"
return lapse_if_expired(ARGV[2], ARGV[1], math.floor(now_us() / 1000))
"#;

/// RESOLVE (ops). ARGV: 1 `booked`|`not_booked`, 2 status, 3 body, 4 ttl ms,
/// 5 member, 6 id. Returns 0 when the record is not unknown.
const RESOLVE: &str = r#"
local now_ms = math.floor(now_us() / 1000)
if redis.call('HGET', KEYS[1], 'state') ~= 'unknown' then return 0 end
if ARGV[1] == 'booked' then
  answer(ARGV[5], ARGV[6], ARGV[2], ARGV[3], ARGV[4], now_ms)
else
  forget(ARGV[5])
end
return 1
"#;

/// GCRA: one rate budget per client across instances. KEYS: 1 the client's key.
/// ARGV: 1 emission interval in µs, 2 burst (at least 1). Returns `{1, 0}` when
/// admitted, `{0, µs to wait}` when refused. The key holds the theoretical arrival
/// time and expires when the bucket is full again, so idle clients cost nothing.
const GCRA: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local limit = interval * tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local new_tat = tat + interval
local wait = new_tat - limit - now
if wait > 0 then return {0, math.ceil(wait)} end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', string.format('%.0f', math.ceil((new_tat - now) / 1000)))
return {1, 0}
"#;

/// The scripts, hashed once (invoked by EVALSHA, loaded on `NOSCRIPT`).
pub(super) struct Scripts {
    pub claim: ::redis::Script,
    pub renew: ::redis::Script,
    pub settle: ::redis::Script,
    pub expire: ::redis::Script,
    pub resolve: ::redis::Script,
    pub gcra: ::redis::Script,
}

impl Scripts {
    pub fn new() -> Self {
        let record = |body: &str| ::redis::Script::new(&format!("{PRELUDE}{body}"));
        Scripts {
            claim: record(CLAIM),
            renew: record(RENEW),
            settle: record(SETTLE),
            expire: record(EXPIRE),
            resolve: record(RESOLVE),
            gcra: ::redis::Script::new(GCRA),
        }
    }
}
