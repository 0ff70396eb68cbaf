import Foundation

/// An invoice's number (R26a): `PD-2026-000123`, one gap-free sequence per store and
/// per year of issue, so that a tax inspector can see that none is missing.
public struct InvoiceNumber: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
  public var year: Int
  public var sequence: Int

  public init(year: Int, sequence: Int) {
    self.year = year
    self.sequence = sequence
  }

  /// The year an invoice issued at `date` is numbered in: UTC, so that every process
  /// of one store counts in the same year whatever the customer's time zone.
  public static func year(of date: Date) -> Int {
    BillingCalendar.utc.calendarYear(date)
  }

  public var description: String {
    let digits = String(sequence)
    return "PD-\(year)-\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits)"
  }

  /// Reads `PD-2026-000123` back; nil for anything else.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0] == "PD", parts[1].count == 4, parts[2].count >= 6,
      parts[1].allSatisfy(\.isASCII), parts[2].allSatisfy(\.isASCII),
      let year = Int(parts[1]), let sequence = Int(parts[2]), sequence > 0
    else { return nil }
    self.init(year: year, sequence: sequence)
  }

  public static func < (lhs: InvoiceNumber, rhs: InvoiceNumber) -> Bool {
    (lhs.year, lhs.sequence) < (rhs.year, rhs.sequence)
  }
}

extension BillingCalendar {
  /// The calendar year of `date` in this calendar's time zone.
  public func calendarYear(_ date: Date) -> Int {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    return calendar.component(.year, from: date)
  }
}
