-- Counts one item served from a cache in the namespace's daily and monthly windows (free, never refused).
-- KEYS[1] limits hash, KEYS[2] daily usage hash, KEYS[3] monthly usage hash
-- ARGV[1] time zone the caller computed the window keys in
-- Returns {'ZONE', zone} when the quota's zone differs from ARGV[1] (nothing counted), else {'COUNTED'}.
local zone = redis.call('HGET', KEYS[1], 'timeZone') or 'UTC'
if zone ~= ARGV[1] then
  return {'ZONE', zone}
end
redis.call('HINCRBY', KEYS[2], 'cacheHits', 1)
redis.call('HINCRBY', KEYS[3], 'cacheHits', 1)
return {'COUNTED'}
