import Foundation

/// Calendar arithmetic in the account's time zone (R0.3, R5).
///
/// Periods are computed from the anchor, never chained from the previous end, so a
/// Jan 31 anchor gives Feb 28 and then Mar 31 again.
public struct BillingCalendar: Sendable {
  public let timeZone: TimeZone
  private let calendar: Calendar

  public init(timeZoneIdentifier: String) {
    self = Self.cache.calendar(for: timeZoneIdentifier)
  }

  /// Looking a zone up and building a Calendar costs more than the arithmetic done with
  /// them, and every screen asks for the account's calendar many times a frame.
  private static let cache = CalendarCache()

  public init(timeZone: TimeZone) {
    self.timeZone = timeZone
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    self.calendar = calendar
  }

  public static let utc = BillingCalendar(timeZone: .gmt)

  /// The end of period `index` (0 = the first) of a cycle anchored at `anchor` (R5).
  public func periodEnd(anchor: Date, index: Int) -> Date {
    calendar.date(byAdding: .month, value: index + 1, to: anchor) ?? anchor
  }

  /// The start of period `index`.
  public func periodStart(anchor: Date, index: Int) -> Date {
    index == 0 ? anchor : periodEnd(anchor: anchor, index: index - 1)
  }

  public func adding(days: Int, to date: Date) -> Date {
    calendar.date(byAdding: .day, value: days, to: date) ?? date
  }

  public func adding(months: Int, to date: Date) -> Date {
    calendar.date(byAdding: .month, value: months, to: date) ?? date
  }

  /// `date` moved on by `count` business days (Saturdays and Sundays skipped).
  public func adding(businessDays count: Int, to date: Date) -> Date {
    var result = date
    var left = count
    while left > 0 {
      result = adding(days: 1, to: result)
      let weekday = calendar.component(.weekday, from: result)
      if weekday != 1 && weekday != 7 { left -= 1 }
    }
    return result
  }

  public func startOfDay(_ date: Date) -> Date { calendar.startOfDay(for: date) }

  public func startOfHour(_ date: Date) -> Date {
    let parts = calendar.dateComponents([.year, .month, .day, .hour], from: date)
    return calendar.date(from: parts) ?? date
  }

  /// Whole calendar days from `from` to `to` (negative when `to` is earlier).
  public func days(from: Date, to: Date) -> Int {
    calendar.dateComponents([.day], from: startOfDay(from), to: startOfDay(to)).day ?? 0
  }

  public func weekday(_ date: Date) -> Int { calendar.component(.weekday, from: date) }
  public func hour(_ date: Date) -> Int { calendar.component(.hour, from: date) }

  // MARK: Formatting, always in English and in this time zone.

  /// `3 Dec 2026`.
  public func dayText(_ date: Date) -> String {
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    return "\(parts.day ?? 0) \(Self.monthNames[(parts.month ?? 1) - 1]) \(parts.year ?? 0)"
  }

  /// `3 Dec`.
  public func shortDayText(_ date: Date) -> String {
    let parts = calendar.dateComponents([.month, .day], from: date)
    return "\(parts.day ?? 0) \(Self.monthNames[(parts.month ?? 1) - 1])"
  }

  /// `3 Dec 2026 14:05 UTC`.
  public func dateTimeText(_ date: Date) -> String {
    let parts = calendar.dateComponents([.hour, .minute], from: date)
    return
      "\(dayText(date)) \(Self.twoDigits(parts.hour ?? 0)):\(Self.twoDigits(parts.minute ?? 0)) \(zoneName(at: date))"
  }

  /// `2026-12-03`, for CSV and typed dates.
  public func isoDay(_ date: Date) -> String {
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    return
      "\(parts.year ?? 0)-\(Self.twoDigits(parts.month ?? 0))-\(Self.twoDigits(parts.day ?? 0))"
  }

  /// Parses `YYYY-MM-DD` as the start of that day in this time zone; nil when not a real date.
  public func parseISODay(_ text: String) -> Date? {
    let pieces = text.trimmingCharacters(in: .whitespaces).split(separator: "-")
    guard pieces.count == 3, pieces[0].count == 4, pieces[1].count == 2, pieces[2].count == 2,
      let year = Int(pieces[0]), let month = Int(pieces[1]), let day = Int(pieces[2]),
      (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    var parts = DateComponents()
    parts.year = year
    parts.month = month
    parts.day = day
    guard let date = calendar.date(from: parts) else { return nil }
    // Reject dates Foundation would roll over (Feb 30 → Mar 2).
    let check = calendar.dateComponents([.year, .month, .day], from: date)
    guard check.year == year, check.month == month, check.day == day else { return nil }
    return date
  }

  /// The zone's name at `date`, not at the real clock's now: a November moment shown in
  /// July must say the winter offset its hour was computed in (GMT+1, not GMT+2).
  private func zoneName(at date: Date) -> String {
    timeZone.secondsFromGMT(for: date) == 0 && timeZone.identifier.contains("GMT")
      || timeZone.identifier == "UTC"
      ? "UTC" : (timeZone.abbreviation(for: date) ?? timeZone.identifier)
  }

  private static let monthNames = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// Calendars by time-zone identifier, built once each.
private final class CalendarCache: @unchecked Sendable {
  private let lock = NSLock()
  private var calendars: [String: BillingCalendar] = [:]

  func calendar(for identifier: String) -> BillingCalendar {
    lock.lock()
    defer { lock.unlock() }
    if let calendar = calendars[identifier] { return calendar }
    let calendar = BillingCalendar(timeZone: TimeZone(identifier: identifier) ?? .gmt)
    calendars[identifier] = calendar
    return calendar
  }
}
