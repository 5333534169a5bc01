namespace Gatehouse.Store.State.Redis;

/// <summary>
/// The Lua scripts that make each shared-state operation one atomic round trip, sent by their SHA1 (EVALSHA) and by
/// their text when Redis answers NOSCRIPT (after a restart or a SCRIPT FLUSH).
/// </summary>
internal static class RedisScripts
{
    /// <summary>Returned by <see cref="TakeTokens"/>: the <see cref="TokenTake"/> values, in order.</summary>
    public const int Taken = 0, FirstEmpty = 1, SecondEmpty = 2;

    /// <summary>
    /// Takes a token from KEYS[1] and, when given, from KEYS[2], both or neither. ARGV: rate and burst of the first
    /// bucket, then of the second. The arithmetic is <see cref="TokenBucket"/>'s, step for step and in the same
    /// floating-point order, with Redis's own clock in microseconds (so nodes whose clocks disagree still share one
    /// bucket): a missing bucket is full; a bucket refills by elapsed seconds times the rate, never above the burst; a
    /// clock that went backwards refills nothing and counts from its new time. A bucket is stored as
    /// "tokens updatedMicros" (17 significant digits, so a double comes back unchanged) and expires once it would be
    /// full again anyway (a missing bucket is a full one), or after a day when it never refills.
    /// </summary>
    public static readonly RedisScript TakeTokens = new("""
        if redis.replicate_commands then pcall(redis.replicate_commands) end
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

        local function refill(key, rate, burst)
          local state = redis.call('GET', key)
          if not state then
            return burst
          end
          local space = string.find(state, ' ', 1, true)
          local tokens = tonumber(string.sub(state, 1, space - 1))
          local updated = tonumber(string.sub(state, space + 1))
          if now > updated then
            return math.min(burst, tokens + (now - updated) / 1000000 * rate)
          end
          return math.min(tokens, burst)
        end

        local function save(key, tokens, rate, burst)
          local ttl = 86400000
          if rate > 0 then
            ttl = math.min(ttl, math.ceil(burst / rate * 1000) + 1000)
          end
          redis.call('SET', key, string.format('%.17g %.17g', tokens, now), 'PX', string.format('%d', ttl))
        end

        local rate1, burst1 = tonumber(ARGV[1]), tonumber(ARGV[2])
        local first = refill(KEYS[1], rate1, burst1)
        if #KEYS == 1 then
          if first < 1 then
            save(KEYS[1], first, rate1, burst1)
            return 1
          end
          save(KEYS[1], first - 1, rate1, burst1)
          return 0
        end

        if KEYS[1] == KEYS[2] then
          -- One bucket named twice must hold two tokens.
          if first < 2 then
            save(KEYS[1], first, rate1, burst1)
            if first < 1 then return 1 end
            return 2
          end
          save(KEYS[1], (first - 1) - 1, rate1, burst1)
          return 0
        end

        if first < 1 then
          save(KEYS[1], first, rate1, burst1)
          return 1
        end

        local rate2, burst2 = tonumber(ARGV[3]), tonumber(ARGV[4])
        local second = refill(KEYS[2], rate2, burst2)
        if second < 1 then
          save(KEYS[1], first, rate1, burst1)
          save(KEYS[2], second, rate2, burst2)
          return 2
        end
        save(KEYS[1], first - 1, rate1, burst1)
        save(KEYS[2], second - 1, rate2, burst2)
        return 0
        """);

    /// <summary>
    /// Adds one to the counter KEYS[1] unless it has reached ARGV[1]; a new counter expires at ARGV[2] (Unix
    /// milliseconds, the end of its period). Returns { counted (1 or 0), count }.
    /// </summary>
    public static readonly RedisScript Increment = new("""
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        if count >= tonumber(ARGV[1]) then
          return { 0, count }
        end
        count = redis.call('INCR', KEYS[1])
        if count == 1 then
          redis.call('PEXPIREAT', KEYS[1], ARGV[2])
        end
        return { 1, count }
        """);
}
