-- Admits one request against every scope it is counted in, or none: all checks first, then all updates, in one
-- atomic step. Time is Redis's own clock, so replicas with skewed clocks still agree.
-- KEYS: per scope, its sliding-window key then its concurrency key.
-- ARGV: lease id, window (ms), lease TTL (ms), then per scope its rate limit and concurrency limit (-1 = none).
-- Answers {1, limit, remaining, reset ms} (the tightest rate scope; limit -1 when none) when admitted, and
-- {0, scope index, measure, limit, retry ms} when refused.
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease, window, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local scopes = #KEYS / 2
local used = {}

for i = 1, scopes do
  local rateKey, leaseKey = KEYS[2 * i - 1], KEYS[2 * i]
  local rateLimit, concurrencyLimit = tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
  if rateLimit >= 0 then
    redis.call('ZREMRANGEBYSCORE', rateKey, '-inf', now - window)
    used[i] = redis.call('ZCARD', rateKey)
    if used[i] >= rateLimit then
      local oldest = redis.call('ZRANGE', rateKey, 0, 0, 'WITHSCORES')
      local retry = window
      if oldest[2] then retry = tonumber(oldest[2]) + window - now end
      return {0, i, 'requests-per-minute', rateLimit, retry}
    end
  end
  if concurrencyLimit >= 0 then
    redis.call('ZREMRANGEBYSCORE', leaseKey, '-inf', now)
    if redis.call('ZCARD', leaseKey) >= concurrencyLimit then
      return {0, i, 'concurrent-requests', concurrencyLimit, 1000}
    end
  end
end

local limit, remaining, reset = -1, -1, 0
for i = 1, scopes do
  local rateKey, leaseKey = KEYS[2 * i - 1], KEYS[2 * i]
  local rateLimit, concurrencyLimit = tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
  if rateLimit >= 0 then
    redis.call('ZADD', rateKey, now, lease)
    redis.call('PEXPIRE', rateKey, window)
    local left = rateLimit - used[i] - 1
    if remaining < 0 or left < remaining then
      local oldest = redis.call('ZRANGE', rateKey, 0, 0, 'WITHSCORES')
      limit, remaining, reset = rateLimit, left, tonumber(oldest[2]) + window - now
    end
  end
  if concurrencyLimit >= 0 then
    redis.call('ZADD', leaseKey, now + ttl, lease)
    redis.call('PEXPIRE', leaseKey, ttl)
  end
end
return {1, limit, remaining, reset}
