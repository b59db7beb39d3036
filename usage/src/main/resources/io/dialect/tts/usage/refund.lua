-- Returns one refunded request to the windows it was reserved in.
-- KEYS[1] daily usage hash, KEYS[2] monthly usage hash; ARGV[1] characters of the request.
-- A window whose hash has expired is skipped: recreating it would leave negative usage without a TTL.
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    redis.call('HINCRBY', key, 'characters', -tonumber(ARGV[1]))
    redis.call('HINCRBY', key, 'requests', -1)
  end
end
return {}
