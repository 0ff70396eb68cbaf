import Foundation

/// Traffic of one proxy user in one hour (R25, R27).
public struct UsageRecord: Codable, Hashable, Sendable {
  public var proxyUser: String
  /// The start of the hour.
  public var hour: Date
  public var bytes: Int64

  public init(proxyUser: String, hour: Date, bytes: Int64) {
    self.proxyUser = proxyUser
    self.hour = hour
    self.bytes = bytes
  }
}

/// The ranges of the usage screen (R27).
public enum UsageRange: Hashable, Sendable {
  case last24Hours
  case last7Days
  case last30Days
  case currentPeriod
  /// From the start of `from`'s day to the end of `to`'s day.
  case custom(from: Date, to: Date)

  public var title: String {
    switch self {
    case .last24Hours: "24 hours"
    case .last7Days: "7 days"
    case .last30Days: "30 days"
    case .currentPeriod: "Current period"
    case .custom: "Custom"
    }
  }

  /// The half-open interval this range covers at `now`.
  public func interval(now: Date, periodStart: Date, calendar: BillingCalendar) -> DateInterval {
    switch self {
    case .last24Hours: return DateInterval(start: now.addingTimeInterval(-86_400), end: now)
    case .last7Days: return DateInterval(start: now.addingTimeInterval(-7 * 86_400), end: now)
    case .last30Days: return DateInterval(start: now.addingTimeInterval(-30 * 86_400), end: now)
    case .currentPeriod: return DateInterval(start: min(periodStart, now), end: now)
    case .custom(let from, let to):
      let start = calendar.startOfDay(from)
      let end = calendar.adding(days: 1, to: calendar.startOfDay(to))
      return DateInterval(start: start, end: max(start, end))
    }
  }

  /// Hourly bars for a day or less, daily bars otherwise.
  public var chartsHours: Bool { self == .last24Hours }
}

public struct UsageBucket: Hashable, Sendable {
  public var start: Date
  public var traffic: Traffic

  public init(start: Date, traffic: Traffic) {
    self.start = start
    self.traffic = traffic
  }
}

public struct UserUsage: Hashable, Sendable {
  public var proxyUser: String
  public var traffic: Traffic

  public init(proxyUser: String, traffic: Traffic) {
    self.proxyUser = proxyUser
    self.traffic = traffic
  }
}

/// R27's forecast: when traffic runs out at the trailing 7-day rate.
public enum Forecast: Hashable, Sendable {
  case alreadyExhausted
  /// No traffic in the last 7 days: it does not run out at this rate.
  case noRecentUse
  case runsOut(on: Date, beforePeriodEnd: Bool)

  /// DESIGN.md's label: `Forecast: ...`.
  public func label(periodEnd: Date, calendar: BillingCalendar) -> String {
    switch self {
    case .alreadyExhausted: "Forecast: traffic used up; add traffic or change plan"
    case .noRecentUse:
      "Forecast: no use in the last 7 days; lasts past \(calendar.dayText(periodEnd))"
    case .runsOut(let date, let before):
      before
        ? "Forecast: runs out \(calendar.dayText(date)), before the period ends \(calendar.dayText(periodEnd))"
        : calendar.dayText(date) == calendar.dayText(periodEnd)
          ? "Forecast: lasts just to the period end \(calendar.dayText(periodEnd))"
          : "Forecast: lasts past the period end \(calendar.dayText(periodEnd)) (at this rate, \(calendar.dayText(date)))"
    }
  }
}

/// Pure aggregation over usage records (R27): the reference the store's SQL is tested against.
public enum UsageMath {
  public static func total(_ records: [UsageRecord], in interval: DateInterval) -> Traffic {
    Traffic(bytes: records.reduce(0) { $0 + (contains(interval, $1.hour) ? $1.bytes : 0) })
  }

  /// Every day (or hour) of the interval, zero-filled, in order.
  public static func buckets(
    _ records: [UsageRecord], in interval: DateInterval, hourly: Bool, calendar: BillingCalendar
  ) -> [UsageBucket] {
    let starts = bucketStarts(in: interval, hourly: hourly, calendar: calendar)
    var sums = [Date: Int64]()
    for record in records where contains(interval, record.hour) {
      let key = hourly ? calendar.startOfHour(record.hour) : calendar.startOfDay(record.hour)
      sums[key, default: 0] += record.bytes
    }
    return starts.map { UsageBucket(start: $0, traffic: Traffic(bytes: sums[$0] ?? 0)) }
  }

  /// The bucket starts covering `interval`.
  public static func bucketStarts(
    in interval: DateInterval, hourly: Bool, calendar: BillingCalendar
  ) -> [Date] {
    var starts: [Date] = []
    var cursor = hourly ? calendar.startOfHour(interval.start) : calendar.startOfDay(interval.start)
    while cursor < interval.end && starts.count < 10_000 {
      starts.append(cursor)
      cursor = hourly ? cursor.addingTimeInterval(3600) : calendar.adding(days: 1, to: cursor)
    }
    return starts
  }

  /// Each proxy user's traffic in the interval, largest first, then by name.
  public static func byUser(_ records: [UsageRecord], in interval: DateInterval) -> [UserUsage] {
    var sums = [String: Int64]()
    for record in records where contains(interval, record.hour) {
      sums[record.proxyUser, default: 0] += record.bytes
    }
    return sums.map { UserUsage(proxyUser: $0.key, traffic: Traffic(bytes: $0.value)) }
      .sorted { ($1.traffic, $0.proxyUser) < ($0.traffic, $1.proxyUser) }
  }

  /// The date traffic runs out at the rate of the last 7 days (R27); `window` is the part
  /// of those days the traffic was measured over (see `trailingWindow`).
  public static func forecast(
    remaining: Traffic, lastSevenDays: Traffic, now: Date, periodEnd: Date,
    window: TimeInterval = UsageMath.trailingWeek
  ) -> Forecast {
    if remaining <= .zero { return .alreadyExhausted }
    guard lastSevenDays.bytes > 0 else { return .noRecentUse }
    let seconds = Double(remaining.bytes) / Double(lastSevenDays.bytes) * window
    let runsOut = now.addingTimeInterval(seconds)
    return .runsOut(on: runsOut, beforePeriodEnd: runsOut < periodEnd)
  }

  private static func contains(_ interval: DateInterval, _ date: Date) -> Bool {
    date >= interval.start && date < interval.end
  }
}

/// Traffic warnings at 80 % and 100 % of available, once per period each (R8a).
public enum TrafficWarnings {
  /// Records `traffic` used on the subscription and returns the warnings now due.
  public static func record(
    _ traffic: Traffic, on subscription: Subscription, planName: String, policy: BillingPolicy,
    at date: Date
  ) -> (Subscription, [Notice]) {
    var updated = subscription
    updated.used = updated.used + traffic
    var notices: [Notice] = []
    for percent in policy.trafficWarningPercents.sorted()
    where !updated.warningsSent.contains(percent) && updated.available.bytes > 0
      && updated.used.bytes * 100 >= updated.available.bytes * Int64(percent)
    {
      updated.warningsSent.append(percent)
      let exhausted = percent >= 100
      notices.append(
        Notice(
          kind: exhausted ? .trafficExhausted : .trafficWarning, date: date,
          subject: exhausted
            ? "Traffic used up: your \(planName) proxies are paused"
            : "You have used \(percent) % of your \(planName) traffic",
          body: exhausted
            ? """
            You have used all \(updated.available) of this period. Your proxies stop serving traffic until
            you add extra traffic, change plan, or the next period starts.
            """
            : """
            You have used \(updated.used) of \(updated.available) this period (\(percent) %).
            \(updated.remaining) remain until \(date < updated.periodEnd ? "the period ends" : "renewal").
            """, subscriptionID: subscription.id))
    }
    return (updated, notices)
  }
}
