-- Settles a reserved request once the upstream calls are done: adds to the windows it was reserved in
-- what the calls really came to beyond the reservation (more characters when a failover billed a text
-- twice in part, more requests when retries or chunks made several calls), or takes the reservation back
-- (negative deltas) when nothing was billed.
-- KEYS[1] daily usage hash, KEYS[2] monthly usage hash, KEYS[3] the reservation's marker (reserve.lua);
-- ARGV[1] characters delta, ARGV[2] requests delta.
-- Applied only while the marker is there, and it is removed: a settlement sent again (its answer was lost
-- when Redis went away) counts once, and so does the refund of a reservation whose answer never came.
-- A window whose hash is gone (deleted long after the window ended) is skipped.
-- Returns the daily and monthly {characters, requests, epoch} after settling (epoch: see reserve.lua),
-- {-1, -1, ''} for a skipped window; {} when there was nothing to settle (no marker).
if redis.call('DEL', KEYS[3]) == 0 then
  return {}
end
local after = {}
for _, key in ipairs({KEYS[1], KEYS[2]}) do
  if redis.call('EXISTS', key) == 1 then
    table.insert(after, redis.call('HINCRBY', key, 'characters', tonumber(ARGV[1])))
    table.insert(after, redis.call('HINCRBY', key, 'requests', tonumber(ARGV[2])))
    table.insert(after, redis.call('HGET', key, 'epoch') or '')
  else
    table.insert(after, -1)
    table.insert(after, -1)
    table.insert(after, '')
  end
end
return after
