-- Checks and reserves one billed request in a namespace's daily and monthly usage windows, atomically:
-- no other worker can read or count between the check and the increment.
-- Field names: RedisKeys.LimitField (limits hash) and RedisKeys.UsageField (usage hashes).
-- KEYS[1] limits hash, KEYS[2] daily usage hash, KEYS[3] monthly usage hash
-- ARGV[1] time zone the caller computed the window keys in, ARGV[2] seconds the daily hash lives on,
-- ARGV[3] seconds the monthly hash lives on, ARGV[4] characters of the request
-- Returns {'ZONE', zone} when the quota's zone differs from ARGV[1] (nothing counted: recompute the keys),
-- {'REFUSED', window, kind, limit, used} under hard enforcement when a limit would be passed,
-- {'OVER', window, kind, limit, used} when a soft limit is passed (counted anyway), else {'GRANTED'}.
local raw = redis.call('HGETALL', KEYS[1])
local limits = {}
for i = 1, #raw, 2 do
  limits[raw[i]] = raw[i + 1]
end

local zone = limits['timeZone'] or 'UTC'
if zone ~= ARGV[1] then
  return {'ZONE', zone}
end

local characters = tonumber(ARGV[4])
local usage = {
  monthly = redis.call('HMGET', KEYS[3], 'characters', 'requests'),
  daily = redis.call('HMGET', KEYS[2], 'characters', 'requests'),
}
local needs = {characters = characters, requests = 1}

-- Monthly first: when both are short, the month is what keeps the namespace waiting longest.
local short
for _, window in ipairs({'monthly', 'daily'}) do
  for i, kind in ipairs({'characters', 'requests'}) do
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

local ttls = {ARGV[2], ARGV[3]}
for i, key in ipairs({KEYS[2], KEYS[3]}) do
  redis.call('HINCRBY', key, 'characters', characters)
  redis.call('HINCRBY', key, 'requests', 1)
  redis.call('EXPIRE', key, ttls[i])
end

if short then
  return {'OVER', short[1], short[2], short[3], short[4]}
end
return {'GRANTED'}
