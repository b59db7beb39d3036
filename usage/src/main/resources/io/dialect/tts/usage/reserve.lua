-- Checks and reserves one billed request in a namespace's daily and monthly usage windows, atomically:
-- no other caller can read or count between the check and the increment.
-- Field names: RedisKeys.LimitField (limits hash) and RedisKeys.UsageField (usage hashes).
-- KEYS[1] limits hash, KEYS[2] daily usage hash, KEYS[3] monthly usage hash, KEYS[4] the reservation's
-- marker (set when counted, for ARGV[10] seconds; settle.lua applies a settlement only while it is there)
-- ARGV[1] time zone the caller computed the window keys in, ARGV[2] characters of the request,
-- ARGV[3] '1' when the namespace has a TTSQuota (so missing limits mean Redis lost them, not "no limit"),
-- ARGV[4..7] floors: daily characters, daily requests, monthly characters, monthly requests this caller
-- knows were counted already (usage it saw earlier), ARGV[8..9] the epochs (below) of the daily and monthly
-- hash it saw them in, '' when it saw none. ARGV[10] seconds the marker lives.
-- Each usage hash has an epoch, the time it was created. A floor seen in another epoch than the hash's was
-- counted in a hash Redis lost: the hash is raised by what the largest such floor exceeds the floors already
-- restored (field restored.KIND), so the callers' floors restore the loss once, and what was counted since
-- the loss stays on top. A floor of the hash's own epoch is in the hash already.
-- Usage hashes get no TTL: under maxmemory-policy volatile-lru only keys with a TTL (cache entries) can be
-- evicted, so usage never is; the operator deletes windows long past (UsageRetention).
-- Returns {'ZONE', zone} when the quota's zone differs from ARGV[1] (nothing counted: recompute the keys),
-- {'NOLIMITS'} when ARGV[3] is '1' and the limits hash is missing (nothing counted),
-- {'REFUSED', window, kind, limit, used} under hard enforcement when a limit would be passed,
-- {'OVER', window, kind, limit, used, usage...} when a soft limit is passed (counted anyway),
-- else {'GRANTED', '', '', 0, 0, usage..., epochs...}; usage... = daily characters, daily requests, monthly
-- characters, monthly requests after counting; epochs... = the daily and monthly hash's epoch.
local raw = redis.call('HGETALL', KEYS[1])
if #raw == 0 and ARGV[3] == '1' then
  return {'NOLIMITS'}
end
local limits = {}
for i = 1, #raw, 2 do
  limits[raw[i]] = raw[i + 1]
end

local zone = limits['timeZone'] or 'UTC'
if zone ~= ARGV[1] then
  return {'ZONE', zone}
end

local fields = {'characters', 'requests'}
local floors = {[KEYS[2]] = {ARGV[4], ARGV[5], ARGV[8]}, [KEYS[3]] = {ARGV[6], ARGV[7], ARGV[9]}}
local epochs = {}
for _, key in ipairs({KEYS[2], KEYS[3]}) do
  local epoch = redis.call('HGET', key, 'epoch')
  if not epoch then
    local now = redis.call('TIME')
    epoch = now[1] .. '.' .. now[2]
    redis.call('HSET', key, 'epoch', epoch)
  end
  table.insert(epochs, epoch)
  local seen = floors[key][3]
  if seen ~= '' and seen ~= epoch then
    for i, field in ipairs(fields) do
      local floor = tonumber(floors[key][i])
      local restored = tonumber(redis.call('HGET', key, 'restored.' .. field)) or 0
      if floor > restored then
        redis.call('HINCRBY', key, field, floor - restored)
        redis.call('HSET', key, 'restored.' .. field, floor)
      end
    end
  end
end

local characters = tonumber(ARGV[2])
local usage = {
  monthly = redis.call('HMGET', KEYS[3], 'characters', 'requests'),
  daily = redis.call('HMGET', KEYS[2], 'characters', 'requests'),
}
local needs = {characters = characters, requests = 1}

-- Monthly first: when both are short, the month is what keeps the namespace waiting longest.
local short
for _, window in ipairs({'monthly', 'daily'}) do
  for i, kind in ipairs(fields) do
    local limit = limits[window .. '.' .. kind]
    local used = usage[window][i]
    used = used and tonumber(used) or 0
    if not short and limit and used + needs[kind] > tonumber(limit) then
      short = {window, kind, tonumber(limit), used}
    end
  end
end

if short and limits['enforcement'] ~= 'soft' then
  return {'REFUSED', short[1], short[2], short[3], short[4]}
end

local after = {}
for _, key in ipairs({KEYS[2], KEYS[3]}) do
  table.insert(after, redis.call('HINCRBY', key, 'characters', characters))
  table.insert(after, redis.call('HINCRBY', key, 'requests', 1))
end
redis.call('SET', KEYS[4], '1', 'EX', tonumber(ARGV[10]))

local verdict = short and {'OVER', short[1], short[2], short[3], short[4]} or {'GRANTED', '', '', 0, 0}
for _, value in ipairs(after) do
  table.insert(verdict, value)
end
for _, epoch in ipairs(epochs) do
  table.insert(verdict, epoch)
end
return verdict
