-- Gives back a request's concurrency slots. KEYS: the scopes' concurrency keys. ARGV: the lease id.
for i = 1, #KEYS do
  redis.call('ZREM', KEYS[i], ARGV[1])
end
return #KEYS
