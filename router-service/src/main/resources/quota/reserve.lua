-- Reserves a request's expected credits and GPU time in today's budget of every scope it is counted in, or in
-- none: all checks first, then all updates, in one atomic step. The day is Redis's own (UTC days since the epoch),
-- so every replica counts in the same day and settles in the day it reserved in.
-- KEYS: per scope, its budget key (the day is appended).
-- ARGV: credits (micro-credits), GPU milliseconds, key TTL (ms), then per scope its daily credit limit
-- (micro-credits) and daily GPU limit (ms), -1 = none.
-- Answers {1, day} when reserved, and {0, scope index, measure, limit, ms until the day ends} when refused.
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local dayMs = 86400000
local day = math.floor(now / dayMs)
local untilTomorrow = (day + 1) * dayMs - now
local credits, gpu, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])

for i = 1, #KEYS do
  local key = KEYS[i] .. ':' .. day
  local creditLimit, gpuLimit = tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
  local spent = redis.call('HMGET', key, 'credits', 'gpu')
  local spentCredits, spentGpu = tonumber(spent[1] or '0'), tonumber(spent[2] or '0')
  if creditLimit >= 0 and (spentCredits >= creditLimit or spentCredits + credits > creditLimit) then
    return {0, i, 'daily-credits', creditLimit, untilTomorrow}
  end
  if gpuLimit >= 0 and (spentGpu >= gpuLimit or spentGpu + gpu > gpuLimit) then
    return {0, i, 'daily-gpu-seconds', gpuLimit, untilTomorrow}
  end
end

for i = 1, #KEYS do
  local key = KEYS[i] .. ':' .. day
  redis.call('HINCRBY', key, 'credits', credits)
  redis.call('HINCRBY', key, 'gpu', gpu)
  redis.call('PEXPIRE', key, ttl)
end
return {1, day}
