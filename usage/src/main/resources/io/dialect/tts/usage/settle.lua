-- Settles a reserved request once the upstream calls are done: adds to the windows it was reserved in
-- what the calls really came to beyond the reservation (more characters when a failover billed a text
-- twice in part, more requests when retries or chunks made several calls), or takes the reservation back
-- (negative deltas) when nothing was billed.
-- KEYS[1] daily usage hash, KEYS[2] monthly usage hash; ARGV[1] characters delta, ARGV[2] requests delta.
-- A window whose hash is gone (deleted long after the window ended) is skipped.
-- Returns the daily and monthly {characters, requests} after settling, -1 for a skipped window.
local after = {}
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    table.insert(after, redis.call('HINCRBY', key, 'characters', tonumber(ARGV[1])))
    table.insert(after, redis.call('HINCRBY', key, 'requests', tonumber(ARGV[2])))
  else
    table.insert(after, -1)
    table.insert(after, -1)
  end
end
return after
