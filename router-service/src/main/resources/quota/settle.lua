-- Corrects reservations by what requests really used (a refund is a negative correction), in the day they were
-- reserved in. KEYS: the scopes' budget keys. ARGV: day, credit correction (micro-credits), GPU correction (ms).
for i = 1, #KEYS do
  local key = KEYS[i] .. ':' .. ARGV[1]
  if redis.call('EXISTS', key) == 1 then
    redis.call('HINCRBY', key, 'credits', ARGV[2])
    redis.call('HINCRBY', key, 'gpu', ARGV[3])
  end
end
return #KEYS
