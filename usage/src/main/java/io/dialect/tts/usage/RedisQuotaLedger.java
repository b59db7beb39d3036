package io.dialect.tts.usage;

import io.dialect.tts.api.RedisKeys;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage ledger in Redis, shared by every worker of every job: each reservation is one Lua script
 * that reads the namespace's limits and both windows' usage and counts the request only when it fits,
 * so workers on many pods can never jointly pass a hard limit.
 *
 * <p>The connection should reject commands while disconnected
 * ({@code ClientOptions.DisconnectedBehavior.REJECT_COMMANDS}) and time out commands within seconds,
 * so an outage is noticed at once rather than after lettuce's default minute.
 */
public final class RedisQuotaLedger implements QuotaLedger {
  static final String UNCHECKED_NOTICE = "quota not checked: Redis unreachable";

  private static final Logger LOG = LoggerFactory.getLogger(RedisQuotaLedger.class);
  private static final LuaScript RESERVE = LuaScript.fromResource("reserve.lua");
  private static final LuaScript REFUND = LuaScript.fromResource("refund.lua");
  private static final LuaScript CACHE_HIT = LuaScript.fromResource("cache-hit.lua");
  /** A quota's zone changing twice during one call is an operator bug, not something to chase. */
  private static final int ZONE_ATTEMPTS = 3;
  private static final DateTimeFormatter RESET_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private final StatefulRedisConnection<String, String> connection;
  private final Clock clock;
  private final WhenRedisUnavailable whenUnavailable;
  /** The last zone each namespace's quota reported; the scripts say when it changed. */
  private final Map<String, ZoneId> zones = new ConcurrentHashMap<>();
  private final Set<UUID> unsettled = ConcurrentHashMap.newKeySet();

  public RedisQuotaLedger(StatefulRedisConnection<String, String> connection, Clock clock,
      WhenRedisUnavailable whenUnavailable) {
    this.connection = connection;
    this.clock = clock;
    this.whenUnavailable = whenUnavailable;
  }

  /** Fails closed, on the system clock. */
  public RedisQuotaLedger(StatefulRedisConnection<String, String> connection) {
    this(connection, Clock.systemUTC(), WhenRedisUnavailable.FAIL_CLOSED);
  }

  @Override
  public QuotaDecision reserve(String namespace, long characters) {
    if (characters < 0) {
      throw new IllegalArgumentException("characters must not be negative: " + characters);
    }
    Instant now = clock.instant();
    ZonedReply reply;
    try {
      reply = runInQuotaZone(RESERVE, namespace, now, Long.toString(characters));
    } catch (RedisException e) {
      return unavailable(namespace, characters, e);
    }
    List<Object> result = reply.result();
    return switch ((String) result.get(0)) {
      case "GRANTED" -> issue(namespace, characters, Optional.of(reply.windows()), Optional.empty());
      case "OVER" -> issue(namespace, characters, Optional.of(reply.windows()),
          Optional.of("soft quota: " + Shortfall.of(result).exceeded(characters)));
      case "REFUSED" -> new Refused(RefusalReason.QUOTA_EXCEEDED,
          Shortfall.of(result).refusal(characters, reply.windows()));
      default -> throw new IllegalStateException("reserve.lua answered " + result);
    };
  }

  @Override
  public void commit(Reservation reservation) {
    settle(reservation);
  }

  @Override
  public void refund(Reservation reservation) {
    settle(reservation);
    reservation.windows().ifPresent(windows -> {
      try {
        REFUND.run(connection.sync(),
            new String[] {windows.dailyKey(reservation.namespace()), windows.monthlyKey(reservation.namespace())},
            Long.toString(reservation.characters()));
      } catch (RedisException e) {
        // Over-counting is the safe side: the namespace loses a little budget, nobody overspends.
        LOG.warn("refund of {} characters in namespace {} lost, usage stays counted: {}",
            reservation.characters(), reservation.namespace(), e.toString());
      }
    });
  }

  @Override
  public void recordCacheHit(String namespace) {
    try {
      runInQuotaZone(CACHE_HIT, namespace, clock.instant());
    } catch (RedisException e) {
      LOG.debug("cache hit in namespace {} not counted: {}", namespace, e.toString());
    }
  }

  /**
   * Runs a window script with the keys of the windows {@code now} falls in, in the zone the
   * namespace's quota last reported; when the script reports another zone, recomputes and reruns.
   * The script gets KEYS limits, daily, monthly and ARGV zone, daily TTL, monthly TTL, then the extras.
   */
  private ZonedReply runInQuotaZone(LuaScript script, String namespace, Instant now, String... extraArgs) {
    if (!connection.isOpen()) {
      throw new RedisException("not connected to Redis");
    }
    ZoneId zone = zones.getOrDefault(namespace, UsageWindows.DEFAULT_ZONE);
    for (int attempt = 0; attempt < ZONE_ATTEMPTS; attempt++) {
      UsageWindows windows = UsageWindows.at(now, zone);
      String[] keys = {RedisKeys.quotaLimits(namespace), windows.dailyKey(namespace), windows.monthlyKey(namespace)};
      String[] args = Stream.concat(Stream.of(zone.getId(), Long.toString(windows.dailyTtlSeconds(now)),
          Long.toString(windows.monthlyTtlSeconds(now))), Arrays.stream(extraArgs)).toArray(String[]::new);
      List<Object> result = script.run(connection.sync(), keys, args);
      if (!"ZONE".equals(result.get(0))) {
        return new ZonedReply(windows, result);
      }
      zone = ZoneId.of((String) result.get(1));
      zones.put(namespace, zone);
    }
    throw new IllegalStateException("the time zone of namespace " + namespace + "'s quota keeps changing");
  }

  private Reservation issue(String namespace, long characters, Optional<UsageWindows> windows,
      Optional<String> notice) {
    Reservation reservation = new Reservation(UUID.randomUUID(), namespace, characters, windows, notice);
    unsettled.add(reservation.token());
    return reservation;
  }

  private void settle(Reservation reservation) {
    if (!unsettled.remove(reservation.token())) {
      throw new IllegalStateException("reservation " + reservation.token()
          + " was already committed or refunded, or not issued by this ledger");
    }
  }

  private QuotaDecision unavailable(String namespace, long characters, RedisException e) {
    if (e instanceof RedisCommandExecutionException) {
      throw e; // Redis answered with an error: something is broken, not unreachable
    }
    LOG.warn("quota of namespace {} not checked, Redis unreachable ({}): {}", namespace, whenUnavailable,
        e.toString());
    return switch (whenUnavailable) {
      case FAIL_CLOSED -> new Refused(RefusalReason.QUOTA_UNAVAILABLE,
          "Redis is unreachable, so the quota cannot be checked; no billed call is made (fail-closed)");
      case FAIL_OPEN -> issue(namespace, characters, Optional.empty(), Optional.of(UNCHECKED_NOTICE));
    };
  }

  private record ZonedReply(UsageWindows windows, List<Object> result) {
  }

  /** A limit the request does not fit in, as the reservation script reports it. */
  private record Shortfall(String window, String kind, long limit, long used) {
    static Shortfall of(List<Object> result) {
      return new Shortfall((String) result.get(1), (String) result.get(2), (Long) result.get(3), (Long) result.get(4));
    }

    String refusal(long characters, UsageWindows windows) {
      String needs = "characters".equals(kind) ? ", this item needs " + count(characters) : "";
      var reset = "daily".equals(window) ? windows.dayEnd() : windows.monthEnd();
      return "%s reached: %s used%s; resets at %s %s".formatted(limitName(), count(used), needs,
          RESET_TIME.format(reset), windows.zone().getId());
    }

    String exceeded(long characters) {
      return "%s exceeded: %s used including this item".formatted(limitName(),
          count(used + ("characters".equals(kind) ? characters : 1)));
    }

    private String limitName() {
      return "%s %s limit %s".formatted(window, "characters".equals(kind) ? "character" : "request", count(limit));
    }

    private static String count(long value) {
      return String.format(Locale.ROOT, "%,d", value);
    }
  }
}
