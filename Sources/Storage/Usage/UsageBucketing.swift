import Billing
import Foundation

/// Turns the store's sums into the chart's buckets and the per-user table.
///
/// The results are built by handing `UsageMath` one synthetic record per bucket (or user)
/// carrying the sum, so the zero-filling and the sort order are `UsageMath`'s own and the
/// report reads the same whichever way the sums were found.
enum UsageBucketing {
  /// Whether every day of the account's calendar in `interval` is a UTC day, so whole-day
  /// roll-ups can fill daily buckets (UTC, or a zone at UTC+0 with no change in the interval).
  static func daysAreUTCDays(_ calendar: BillingCalendar, over interval: DateInterval) -> Bool {
    let zone = calendar.timeZone
    guard zone.secondsFromGMT(for: interval.start) == 0, zone.secondsFromGMT(for: interval.end) == 0
    else { return false }
    guard let change = zone.nextDaylightSavingTimeTransition(after: interval.start) else {
      return true
    }
    return change >= interval.end
  }

  /// Sums `pieces` (in time order, all inside `interval`) into the chart's buckets.
  static func buckets(
    pieces: [UsagePiece], interval: DateInterval, hourly: Bool, calendar: BillingCalendar
  ) -> [UsageBucket] {
    let starts = UsageMath.bucketStarts(in: interval, hourly: hourly, calendar: calendar)
    let sums =
      hourly
      ? hourlySums(pieces, starts: starts, calendar: calendar)
      : dailySums(pieces, starts: starts, calendar: calendar)
    var records: [UsageRecord] = []
    for (index, start) in starts.enumerated() where sums[index] != 0 {
      // The first bucket may start before the interval; its record must lie inside.
      records.append(
        UsageRecord(proxyUser: "", hour: max(start, interval.start), bytes: sums[index]))
    }
    return UsageMath.buckets(records, in: interval, hourly: hourly, calendar: calendar)
  }

  static func userUsage(_ sums: [(proxyUser: String, bytes: Int64)], interval: DateInterval)
    -> [UserUsage]
  {
    let records = sums.map {
      UsageRecord(proxyUser: $0.proxyUser, hour: interval.start, bytes: $0.bytes)
    }
    return UsageMath.byUser(records, in: interval)
  }

  /// Few pieces (a day's hours): keyed by the calendar's own start of hour, exactly like
  /// `UsageMath`, which matters in the repeated hour when clocks go back.
  private static func hourlySums(_ pieces: [UsagePiece], starts: [Date], calendar: BillingCalendar)
    -> [Int64]
  {
    var index = [Date: Int]()
    for (position, start) in starts.enumerated() { index[start] = position }
    var sums = [Int64](repeating: 0, count: starts.count)
    for piece in pieces {
      let key = calendar.startOfHour(Date(timeIntervalSince1970: TimeInterval(piece.time)))
      if let position = index[key] { sums[position] += piece.bytes }
    }
    return sums
  }

  /// Many pieces (a year of hours): one walk along the day boundaries instead of a calendar
  /// call per piece. A piece past the last bucket (the 10,000-bucket cap) is dropped, as
  /// `UsageMath` drops it.
  private static func dailySums(_ pieces: [UsagePiece], starts: [Date], calendar: BillingCalendar)
    -> [Int64]
  {
    var sums = [Int64](repeating: 0, count: starts.count)
    guard let last = starts.last else { return sums }
    var ends = starts.dropFirst().map(\.timeIntervalSince1970)
    ends.append(calendar.adding(days: 1, to: last).timeIntervalSince1970)
    var position = 0
    for piece in pieces {
      let time = TimeInterval(piece.time)
      while position < ends.count && time >= ends[position] { position += 1 }
      guard position < ends.count else { break }
      sums[position] += piece.bytes
    }
    return sums
  }
}
