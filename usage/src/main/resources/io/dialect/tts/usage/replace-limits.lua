-- Replaces a namespace's limits hash in one step, so a worker never reads half of the old and half of
-- the new limits. KEYS[1] limits hash; ARGV field, value, field, value...
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV))
return {}
