import Foundation

/// A half-open interval in whole unix seconds, split for the roll-up: whole UTC days in the
/// middle, read from the daily tables, and the partial days at either edge, read hourly.
///
/// A record at hour `h` (whole seconds) lies in `[start, end)` of a `Date` interval exactly
/// when `ceil(start) <= h < ceil(end)`, so both bounds round up.
struct UsageSpan: Equatable {
  static let secondsPerDay: Int64 = 86_400

  /// The hours before the first whole day.
  let leading: Range<Int64>
  /// The whole UTC days, by day start.
  let days: Range<Int64>
  /// The hours after the last whole day.
  let trailing: Range<Int64>

  init(_ interval: DateInterval) {
    self.init(
      start: Self.seconds(ceilingOf: interval.start), end: Self.seconds(ceilingOf: interval.end))
  }

  init(start: Int64, end: Int64) {
    let end = max(start, end)
    let firstDay = Self.floorToDay(start + Self.secondsPerDay - 1)
    let lastDay = Self.floorToDay(end)
    if firstDay < lastDay {
      leading = start..<firstDay
      days = firstDay..<lastDay
      trailing = lastDay..<end
    } else {
      leading = start..<end
      days = end..<end
      trailing = end..<end
    }
  }

  /// The start of the UTC day holding `seconds`, also for times before 1970.
  static func floorToDay(_ seconds: Int64) -> Int64 {
    let remainder = seconds % secondsPerDay
    return seconds - (remainder < 0 ? remainder + secondsPerDay : remainder)
  }

  /// Clamped so a far-off date (`.distantFuture`) cannot overflow.
  static func seconds(ceilingOf date: Date) -> Int64 {
    let value = date.timeIntervalSince1970.rounded(.up)
    guard value.isFinite else { return value < 0 ? -limit : limit }
    return Int64(min(max(value, -Double(limit)), Double(limit)))
  }

  /// Far beyond any real date, far below Int64's edge so sums of bounds stay safe.
  static let limit: Int64 = 1 << 50
}
