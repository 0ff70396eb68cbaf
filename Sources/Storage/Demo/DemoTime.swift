import Billing
import Foundation

/// Times in demo-data: ISO 8601 instants, and offsets from the demo's "now".
enum DemoTime {
  /// Parses `2026-11-16T10:00:00Z` (fractional seconds and offsets allowed) or a day
  /// `2026-06-01` (start of that day, UTC).
  static func instant(_ text: String) -> Date? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let formatter = ISO8601DateFormatter()
    if trimmed.count == 10 {
      formatter.formatOptions = [.withFullDate]
      return formatter.date(from: trimmed)
    }
    formatter.formatOptions = [.withInternetDateTime]
    if let date = formatter.date(from: trimmed) { return date }
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: trimmed)
  }

  /// A moment relative to `now`: `-183d`, `-12h`, `-14mo+2d`, `-1d6h30m`, `now`, or an
  /// ISO 8601 instant. Weeks, days, hours and minutes are exact durations added first;
  /// months are calendar months in the account's time zone, added last, so a monthly
  /// plan bought at `-14mo+2d` renews exactly 2 days after now (R5).
  static func moment(_ text: String, now: Date, calendar: BillingCalendar) -> Date? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed == "now" || trimmed == "0" { return now }
    if trimmed.contains("T") || (trimmed.count == 10 && trimmed.dropFirst(4).first == "-") {
      return instant(trimmed)
    }
    var seconds: Int64 = 0
    var months = 0
    var sign: Int64 = 1
    var index = trimmed.startIndex
    var terms = 0
    while index < trimmed.endIndex {
      let character = trimmed[index]
      if character == "+" || character == "-" {
        sign = character == "-" ? -1 : 1
        index = trimmed.index(after: index)
        continue
      }
      var digits = ""
      while index < trimmed.endIndex, let digit = trimmed[index].wholeNumberValue,
        trimmed[index].isASCII
      {
        digits.append(String(digit))
        index = trimmed.index(after: index)
      }
      var unit = ""
      while index < trimmed.endIndex, trimmed[index].isLetter {
        unit.append(trimmed[index])
        index = trimmed.index(after: index)
      }
      guard let amount = Int64(digits), amount <= 100_000 else { return nil }
      switch unit {
      case "mo": months += Int(sign * amount)
      case "w": seconds += sign * amount * 7 * 86_400
      case "d": seconds += sign * amount * 86_400
      case "h": seconds += sign * amount * 3_600
      case "m": seconds += sign * amount * 60
      default: return nil
      }
      terms += 1
    }
    guard terms > 0 else { return nil }
    let shifted = now.addingTimeInterval(TimeInterval(seconds))
    return months == 0 ? shifted : calendar.adding(months: months, to: shifted)
  }
}
