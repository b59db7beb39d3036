package io.dialect.tts.usage;

import io.dialect.tts.api.RedisKeys;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage ledger in Redis, shared by every worker of every job: each reservation is one Lua script
 * that reads the namespace's limits and both windows' usage and counts the request only when it fits,
 * so workers on many pods can never jointly pass a hard limit.
 *
 * <p>Redis may lose its data (a restart without persistence). Two things keep a limit from being lifted
 * then: a namespace that has a TTSQuota ({@link QuotaNamespaces}) but no limits in Redis is refused until
 * the operator publishes them again; and every reservation carries the usage this ledger last saw counted
 * in the namespace's windows (a floor) and the epoch of the window's hash it saw that in. A hash Redis
 * lost is created again with a new epoch, and the script restores the largest floor of an older epoch
 * any ledger brings, once, under what was counted since. The last reservation before the loss saw the
 * full count, so with its floor the count comes back whole, whichever gateway replica made it.
 *
 * <p>Each reservation leaves a marker that its settlement removes; a settlement applies only while the
 * marker is there. Settlements Redis did not answer (it went away), and the refund of a reservation whose
 * answer never came (it may have been counted), are sent again once Redis answers, and count once.
 *
 * <p>The connection should reject commands while disconnected
 * ({@code ClientOptions.DisconnectedBehavior.REJECT_COMMANDS}) and time out commands within seconds,
 * so an outage is noticed at once rather than after lettuce's default minute.
 */
public final class RedisQuotaLedger implements QuotaLedger {
  static final String UNCHECKED_NOTICE = "quota not checked: Redis unreachable";

  private static final Logger LOG = LoggerFactory.getLogger(RedisQuotaLedger.class);
  private static final LuaScript RESERVE = LuaScript.fromResource("reserve.lua");
  private static final LuaScript SETTLE = LuaScript.fromResource("settle.lua");
  private static final LuaScript CACHE_HIT = LuaScript.fromResource("cache-hit.lua");
  /** A quota's zone changing twice during one call is an operator bug, not something to chase. */
  private static final int ZONE_ATTEMPTS = 3;
  /** How long a reservation's marker lives: its settlement, sent again after an outage, applies until then. */
  static final Duration MARKER_TTL = Duration.ofMinutes(15);
  /** Settlements kept for Redis' return at most; beyond, the oldest are dropped (an over-count, the safe side). */
  private static final int MAX_UNSENT = 10_000;
  private static final DateTimeFormatter RESET_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private final StatefulRedisConnection<String, String> connection;
  private final Clock clock;
  private final WhenRedisUnavailable whenUnavailable;
  private final QuotaNamespaces quotaNamespaces;
  /** Per usage window key: the counts this ledger knows the window's hash holds at least. */
  private final Map<String, Floor> floors = new ConcurrentHashMap<>();
  /** The last zone each namespace's quota reported; the scripts say when it changed. */
  private final Map<String, ZoneId> zones = new ConcurrentHashMap<>();
  private final Set<UUID> unsettled = ConcurrentHashMap.newKeySet();
  /** Settlements Redis has not applied yet, by reservation token, in the order they were made. */
  private final Map<UUID, Settlement> unsent = Collections.synchronizedMap(new LinkedHashMap<>());

  public RedisQuotaLedger(StatefulRedisConnection<String, String> connection, Clock clock,
      WhenRedisUnavailable whenUnavailable, QuotaNamespaces quotaNamespaces) {
    this.connection = connection;
    this.clock = clock;
    this.whenUnavailable = whenUnavailable;
    this.quotaNamespaces = quotaNamespaces;
  }

  /** A ledger that knows of no TTSQuota: missing limits mean no limit. */
  public RedisQuotaLedger(StatefulRedisConnection<String, String> connection, Clock clock,
      WhenRedisUnavailable whenUnavailable) {
    this(connection, clock, whenUnavailable, QuotaNamespaces.NONE);
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
    sendUnsent(now);
    UUID token = UUID.randomUUID();
    ZonedReply reply;
    try {
      reply = runInQuotaZone(RESERVE, namespace, now, windows -> Stream.of(
          Stream.of(Long.toString(characters), quotaNamespaces.hasQuota(namespace) ? "1" : "0"),
          floorArgs(floor(windows.dailyKey(namespace)), floor(windows.monthlyKey(namespace))),
          Stream.of(Long.toString(MARKER_TTL.toSeconds()))).flatMap(Function.identity()),
          RedisKeys.reservation(namespace, token.toString()));
    } catch (RedisException e) {
      return unavailable(namespace, characters, token, now, e);
    }
    List<Object> result = reply.result();
    return switch ((String) result.get(0)) {
      case "GRANTED" -> {
        raiseFloors(namespace, reply.windows(), result.subList(5, 11));
        yield issue(token, namespace, characters, Optional.of(reply.windows()), Optional.empty());
      }
      case "OVER" -> {
        raiseFloors(namespace, reply.windows(), result.subList(5, 11));
        yield issue(token, namespace, characters, Optional.of(reply.windows()),
            Optional.of("soft quota: " + Shortfall.of(result).exceeded(characters)));
      }
      case "REFUSED" -> {
        Shortfall shortfall = Shortfall.of(result);
        yield new Refused(RefusalReason.QUOTA_EXCEEDED, shortfall.refusal(characters, reply.windows()),
            Optional.of(shortfall.usedUp(namespace, reply.windows())));
      }
      case "NOLIMITS" -> {
        LOG.warn("namespace {} has a TTSQuota but its limits are not in Redis (did Redis lose its data?): "
            + "refusing billed calls until the operator publishes them again", namespace);
        yield new Refused(RefusalReason.QUOTA_UNAVAILABLE, "the namespace's TTSQuota limits are not in Redis "
            + "(Redis lost its data?); no billed call is made until the operator has published them again");
      }
      default -> throw new IllegalStateException("reserve.lua answered " + result);
    };
  }

  @Override
  public void commit(Reservation reservation, long billedCharacters, int upstreamCalls) {
    settle(reservation);
    adjust(reservation, billedCharacters - reservation.characters(), upstreamCalls - 1L);
  }

  @Override
  public void refund(Reservation reservation) {
    settle(reservation);
    adjust(reservation, -reservation.characters(), -1);
  }

  /** Adds the deltas to the windows the reservation was counted in (and removes its marker). */
  private void adjust(Reservation reservation, long characters, long requests) {
    if (reservation.windows().isEmpty()) {
      return;
    }
    Settlement settlement = new Settlement(reservation.token(), reservation.namespace(), reservation.windows().get(),
        characters, requests, clock.instant());
    try {
      send(settlement);
    } catch (RedisException e) {
      LOG.warn("settling {} characters and {} requests in namespace {} waits for Redis: {}", characters, requests,
          reservation.namespace(), e.toString());
      keepUnsent(settlement);
    }
  }

  private void send(Settlement settlement) {
    String namespace = settlement.namespace();
    String[] keys = {settlement.windows().dailyKey(namespace), settlement.windows().monthlyKey(namespace),
        RedisKeys.reservation(namespace, settlement.token().toString())};
    List<Object> after = SETTLE.run(connection.sync(), keys, Long.toString(settlement.characters()),
        Long.toString(settlement.requests()));
    for (int i = 0; i < 2 && !after.isEmpty(); i++) {
      // A refund lowers what this ledger may restore; the counts answered raise it again.
      floors.computeIfPresent(keys[i], (key, floor) -> floor.plus(settlement.characters(), settlement.requests()));
      raise(keys[i], (Long) after.get(3 * i), (Long) after.get(3 * i + 1), (String) after.get(3 * i + 2));
    }
  }

  private void keepUnsent(Settlement settlement) {
    synchronized (unsent) {
      unsent.put(settlement.token(), settlement);
      if (unsent.size() > MAX_UNSENT) {
        UUID oldest = unsent.keySet().iterator().next();
        LOG.warn("dropping the settlement of reservation {}: more than {} wait for Redis", oldest, MAX_UNSENT);
        unsent.remove(oldest);
      }
    }
  }

  /** Sends the settlements Redis did not take, oldest first; those whose marker expired are useless. */
  private void sendUnsent(Instant now) {
    if (unsent.isEmpty() || !connection.isOpen()) {
      return;
    }
    List<Settlement> waiting;
    synchronized (unsent) {
      waiting = List.copyOf(unsent.values());
    }
    for (Settlement settlement : waiting) {
      try {
        if (settlement.made().plus(MARKER_TTL).isAfter(now)) {
          send(settlement);
        }
        unsent.remove(settlement.token());
      } catch (RedisException e) {
        return; // still away: the next reservation tries again
      }
    }
  }

  /** Deltas for the windows a reservation was counted in. */
  private record Settlement(UUID token, String namespace, UsageWindows windows, long characters, long requests,
      Instant made) {
  }

  @Override
  public void recordCacheHit(String namespace) {
    try {
      runInQuotaZone(CACHE_HIT, namespace, clock.instant(), windows -> Stream.empty());
    } catch (RedisException e) {
      LOG.debug("cache hit in namespace {} not counted: {}", namespace, e.toString());
    }
  }

  /** What this ledger knows a usage window holds at least. */
  private Floor floor(String usageKey) {
    return floors.getOrDefault(usageKey, Floor.NONE);
  }

  /** ARGV[4..9] of reserve.lua. */
  private static Stream<String> floorArgs(Floor daily, Floor monthly) {
    return Stream.of(Long.toString(daily.characters()), Long.toString(daily.requests()),
        Long.toString(monthly.characters()), Long.toString(monthly.requests()), daily.epoch(), monthly.epoch());
  }

  /** Remembers the counts Redis answered with; drops the namespace's floors of windows that ended. */
  private void raiseFloors(String namespace, UsageWindows windows, List<Object> counts) {
    String daily = windows.dailyKey(namespace);
    String monthly = windows.monthlyKey(namespace);
    String prefix = RedisKeys.usagePrefix(namespace);
    floors.keySet().removeIf(key -> key.startsWith(prefix) && !key.equals(daily) && !key.equals(monthly));
    raise(daily, (Long) counts.get(0), (Long) counts.get(1), (String) counts.get(4));
    raise(monthly, (Long) counts.get(2), (Long) counts.get(3), (String) counts.get(5));
  }

  private void raise(String usageKey, long characters, long requests, String epoch) {
    if (characters < 0) {
      return; // the window's hash was gone
    }
    floors.merge(usageKey, new Floor(characters, requests, epoch), Floor::max);
  }

  /**
   * Counts a window's hash held at least when this ledger last heard from it, and the hash's epoch
   * (reserve.lua): a floor of an older epoch tells what a hash Redis lost held.
   */
  private record Floor(long characters, long requests, String epoch) {
    static final Floor NONE = new Floor(0, 0, "");

    Floor plus(long moreCharacters, long moreRequests) {
      return new Floor(Math.max(0, characters + moreCharacters), Math.max(0, requests + moreRequests), epoch);
    }

    /** The later news: counts of a new epoch replace those of the lost hash, which the script restored. */
    Floor max(Floor other) {
      return epoch.equals(other.epoch)
          ? new Floor(Math.max(characters, other.characters), Math.max(requests, other.requests), epoch)
          : other;
    }
  }

  /**
   * Runs a window script with the keys of the windows {@code now} falls in, in the zone the
   * namespace's quota last reported; when the script reports another zone, recomputes and reruns.
   * The script gets KEYS limits, daily, monthly and ARGV zone, then the extras for those windows.
   */
  private ZonedReply runInQuotaZone(LuaScript script, String namespace, Instant now,
      Function<UsageWindows, Stream<String>> extraArgs, String... extraKeys) {
    if (!connection.isOpen()) {
      throw new RedisException("not connected to Redis");
    }
    ZoneId zone = zones.getOrDefault(namespace, UsageWindows.DEFAULT_ZONE);
    for (int attempt = 0; attempt < ZONE_ATTEMPTS; attempt++) {
      UsageWindows windows = UsageWindows.at(now, zone);
      String[] keys = Stream.concat(Stream.of(RedisKeys.quotaLimits(namespace), windows.dailyKey(namespace),
          windows.monthlyKey(namespace)), Stream.of(extraKeys)).toArray(String[]::new);
      String[] args = Stream.concat(Stream.of(zone.getId()), extraArgs.apply(windows)).toArray(String[]::new);
      List<Object> result = script.run(connection.sync(), keys, args);
      if (!"ZONE".equals(result.get(0))) {
        return new ZonedReply(windows, result);
      }
      zone = ZoneId.of((String) result.get(1));
      zones.put(namespace, zone);
    }
    throw new IllegalStateException("the time zone of namespace " + namespace + "'s quota keeps changing");
  }

  private Reservation issue(UUID token, String namespace, long characters, Optional<UsageWindows> windows,
      Optional<String> notice) {
    Reservation reservation = new Reservation(token, namespace, characters, windows, notice);
    unsettled.add(reservation.token());
    return reservation;
  }

  private void settle(Reservation reservation) {
    if (!unsettled.remove(reservation.token())) {
      throw new IllegalStateException("reservation " + reservation.token()
          + " was already committed or refunded, or not issued by this ledger");
    }
  }

  private QuotaDecision unavailable(String namespace, long characters, UUID token, Instant now, RedisException e) {
    if (e instanceof RedisCommandExecutionException) {
      throw e; // Redis answered with an error: something is broken, not unreachable
    }
    LOG.warn("quota of namespace {} not checked, Redis unreachable ({}): {}", namespace, whenUnavailable,
        e.toString());
    return switch (whenUnavailable) {
      case FAIL_CLOSED -> {
        // Redis may have counted the reservation before its answer was lost: taken back once it is there.
        keepUnsent(new Settlement(token, namespace, UsageWindows.at(now, zones.getOrDefault(namespace,
            UsageWindows.DEFAULT_ZONE)), -characters, -1, now));
        yield new Refused(RefusalReason.QUOTA_UNAVAILABLE,
            "Redis is unreachable, so the quota cannot be checked; no billed call is made (fail-closed)");
      }
      case FAIL_OPEN -> issue(token, namespace, characters, Optional.empty(), Optional.of(UNCHECKED_NOTICE));
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

    UsedUpLimit usedUp(String namespace, UsageWindows windows) {
      return new UsedUpLimit("daily".equals(window) ? windows.dailyKey(namespace) : windows.monthlyKey(namespace),
          kind, limit);
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
