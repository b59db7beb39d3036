-- Takes one permit from a token bucket shared by every replica, atomically, on Redis' own clock (TIME), so
-- replicas with skewed clocks agree. Kept as GCRA: the key holds only the "theoretical arrival time" (tat),
-- the instant in microseconds at which the bucket is full again; a missing key is a full bucket.
-- A permit may be used at tat' - burst * interval, where tat' = max(tat, now) + interval: while the bucket
-- holds tokens that instant is not after now; when it is empty it is the next free slot, which this caller
-- reserves (callers queue in the order Redis sees them).
-- Needs script effects replication (Redis >= 5: always on in 7) because TIME precedes the write.
-- KEYS[1] bucket key
-- ARGV[1] microseconds between permits (1e6 / rate), ARGV[2] burst (bucket capacity, >= 1),
-- ARGV[3] longest wait in microseconds the caller accepts, or -1 to accept any wait
-- Returns {1, wait} when a permit was taken (use it after wait microseconds), or {0, wait} when the wait
-- would be longer than ARGV[3]: nothing is taken then.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local max_wait = tonumber(ARGV[3])

local stored = redis.call('GET', KEYS[1])
local tat = stored and tonumber(stored) or now
if tat < now then
  tat = now
end
local new_tat = tat + interval
local wait = new_tat - burst * interval - now
if wait < 0 then
  wait = 0
end

if max_wait >= 0 and wait > max_wait then
  return {0, math.ceil(wait)}
end

-- The key lives until the bucket is full again, and a second more: after that, no key means the same thing.
redis.call('SET', KEYS[1], string.format('%.17g', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
return {1, math.ceil(wait)}
